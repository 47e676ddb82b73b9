using System.Globalization;
using System.Text;

namespace Eucaim.Dicom.Synthetic;

/// <summary>
/// Generates CT series with realistic headers (patient, study, series, equipment, geometry, a private block)
/// and 16-bit MONOCHROME2 pixel data, written with <see cref="DicomWriter"/>. Shared by the tests and the benchmark.
/// </summary>
public static class SyntheticCtSeries
{
    public const string CtImageStorage = "1.2.840.10008.5.1.4.1.1.2";
    public const string PrivateCreator = "EUCAIM SYNTHETIC";

    private static readonly byte[] UidKey = Encoding.ASCII.GetBytes("eucaim-synthetic-series-uid-key!");

    public static string StudyInstanceUid(int seed) => DicomUid.FromKeyedHash(UidKey, $"study:{seed}");

    public static string SeriesInstanceUid(int seed) => DicomUid.FromKeyedHash(UidKey, $"series:{seed}");

    public static string SopInstanceUid(int seed, int index) => DicomUid.FromKeyedHash(UidKey, $"instance:{seed}:{index}");

    /// <summary>The header of instance <paramref name="index"/> (0-based) of a series; slices are <paramref name="spacing"/> mm apart.</summary>
    public static DicomDataset CreateHeader(int seed, int index, int rows, int columns, double spacing = 1.25)
    {
        var d = new DicomDataset();
        d.SetString(DicomTags.SpecificCharacterSet, DicomVR.CS, "ISO_IR 100");
        d.SetStrings(DicomTags.ImageType, DicomVR.CS, ["ORIGINAL", "PRIMARY", "AXIAL"]);
        d.SetString(DicomTags.InstanceCreationDate, DicomVR.DA, "20240312");
        d.SetString(DicomTags.SopClassUid, DicomVR.UI, CtImageStorage);
        d.SetString(DicomTags.SopInstanceUid, DicomVR.UI, SopInstanceUid(seed, index));
        d.SetString(DicomTags.StudyDate, DicomVR.DA, "20240312");
        d.SetString(DicomTags.SeriesDate, DicomVR.DA, "20240312");
        d.SetString(DicomTags.ContentDate, DicomVR.DA, "20240312");
        d.SetString(DicomTags.StudyTime, DicomVR.TM, "101500");
        d.SetString(DicomTags.SeriesTime, DicomVR.TM, "101712");
        d.SetString(DicomTags.AccessionNumber, DicomVR.SH, "ACC" + seed.ToString("D6", CultureInfo.InvariantCulture));
        d.SetString(DicomTags.Modality, DicomVR.CS, "CT");
        d.SetString(DicomTags.Manufacturer, DicomVR.LO, "EUCAIM Synthetic Scanners");
        d.SetString(DicomTags.InstitutionName, DicomVR.LO, "Hospital Universitario de Ejemplo");
        d.SetString(DicomTags.InstitutionAddress, DicomVR.ST, "Calle Mayor 1, Valencia");
        d.SetString(DicomTags.ReferringPhysicianName, DicomVR.PN, "García^Lucía");
        d.SetString(DicomTags.StationName, DicomVR.SH, "CT-ROOM-2");
        d.SetString(DicomTags.StudyDescription, DicomVR.LO, "CT THORAX WITH CONTRAST");
        d.SetString(DicomTags.SeriesDescription, DicomVR.LO, "Axial 1.25mm");
        d.SetString(new DicomTag(0x0008, 0x1070), DicomVR.PN, "Operator^Olga");
        d.SetString(DicomTags.ManufacturerModelName, DicomVR.LO, "Synthetica 128");
        d.SetString(PrivateCreatorTag, DicomVR.LO, PrivateCreator);
        d.SetString(PrivateValueTag, DicomVR.LO, "internal reference 42");
        d.SetString(DicomTags.PatientName, DicomVR.PN, "Pérez^Juan");
        d.SetString(DicomTags.PatientId, DicomVR.LO, "PAT" + seed.ToString("D6", CultureInfo.InvariantCulture));
        d.SetString(DicomTags.PatientBirthDate, DicomVR.DA, "19630704");
        d.SetString(DicomTags.PatientSex, DicomVR.CS, "M");
        d.SetString(DicomTags.PatientAge, DicomVR.AS, "060Y");
        d.SetString(DicomTags.BodyPartExamined, DicomVR.CS, "CHEST");
        d.SetString(DicomTags.SliceThickness, DicomVR.DS, spacing.ToString("0.###", CultureInfo.InvariantCulture));
        d.SetString(new DicomTag(0x0018, 0x0060), DicomVR.DS, "120");
        d.SetString(new DicomTag(0x0018, 0x1000), DicomVR.LO, "SN-998877");
        d.SetString(new DicomTag(0x0018, 0x1030), DicomVR.LO, "Thorax routine");
        d.SetString(DicomTags.StudyInstanceUid, DicomVR.UI, StudyInstanceUid(seed));
        d.SetString(DicomTags.SeriesInstanceUid, DicomVR.UI, SeriesInstanceUid(seed));
        d.SetString(DicomTags.StudyId, DicomVR.SH, "1");
        d.SetString(DicomTags.SeriesNumber, DicomVR.IS, "2");
        d.SetString(DicomTags.InstanceNumber, DicomVR.IS, (index + 1).ToString(CultureInfo.InvariantCulture));
        var z = (-index * spacing).ToString("0.###", CultureInfo.InvariantCulture);
        d.SetStrings(DicomTags.ImagePositionPatient, DicomVR.DS, ["-250", "-250", z]);
        d.SetStrings(DicomTags.ImageOrientationPatient, DicomVR.DS, ["1", "0", "0", "0", "1", "0"]);
        d.SetString(DicomTags.FrameOfReferenceUid, DicomVR.UI, DicomUid.FromKeyedHash(UidKey, $"for:{seed}"));
        d.SetUInt16(DicomTags.SamplesPerPixel, 1);
        d.SetString(DicomTags.PhotometricInterpretation, DicomVR.CS, "MONOCHROME2");
        d.SetUInt16(DicomTags.Rows, (ushort)rows);
        d.SetUInt16(DicomTags.Columns, (ushort)columns);
        d.SetStrings(DicomTags.PixelSpacing, DicomVR.DS, ["0.9765625", "0.9765625"]);
        d.SetUInt16(DicomTags.BitsAllocated, 16);
        d.SetUInt16(DicomTags.BitsStored, 12);
        d.SetUInt16(DicomTags.HighBit, 11);
        d.SetUInt16(DicomTags.PixelRepresentation, 0);
        d.SetString(DicomTags.BurnedInAnnotation, DicomVR.CS, "NO");
        d.SetString(DicomTags.RescaleIntercept, DicomVR.DS, "-1024");
        d.SetString(DicomTags.RescaleSlope, DicomVR.DS, "1");
        return d;
    }

    public static readonly DicomTag PrivateCreatorTag = new(0x0019, 0x0010);
    public static readonly DicomTag PrivateValueTag = new(0x0019, 0x1001);

    /// <summary>A smooth 12-bit pattern, the same for every slice so generation stays cheap.</summary>
    public static byte[] CreatePixels(int rows, int columns)
    {
        var pixels = new byte[rows * columns * 2];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                var value = (ushort)((r * 7 + c * 3) & 0x0FFF);
                pixels[(r * columns + c) * 2] = (byte)value;
                pixels[(r * columns + c) * 2 + 1] = (byte)(value >> 8);
            }
        }

        return pixels;
    }

    /// <summary>
    /// Writes the series as files instance-00001.dcm...; returns their paths in instance order. With
    /// <paramref name="noiseBits"/>, every pixel of every slice gets that many random low bits (its own in each
    /// slice, the same on every run): the smooth pattern deflates about 12:1 with <c>gzip -1</c>, with 3 bits 1.6:1,
    /// about what real CT does (pydicom's CT_small.dcm: 1.57:1).
    /// </summary>
    public static IReadOnlyList<string> Write(string directory, int instances, int rows = 512, int columns = 512, int seed = 1, double spacing = 1.25, int noiseBits = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(noiseBits);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(noiseBits, 12);
        Directory.CreateDirectory(directory);
        var pattern = CreatePixels(rows, columns);
        var paths = new List<string>(instances);
        for (var i = 0; i < instances; i++)
        {
            var path = Path.Combine(directory, $"instance-{i + 1:D5}.dcm");
            var pixels = noiseBits == 0 ? pattern : WithNoise(pattern, noiseBits, new Random(unchecked((seed * 100_003) + i)));
            using (var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024))
            {
                DicomWriter.WriteFile(stream, CreateHeader(seed, i, rows, columns, spacing), DicomTransferSyntax.ExplicitVRLittleEndian.Uid, DicomVR.OW, pixels);
            }

            paths.Add(path);
        }

        return paths;
    }

    private static byte[] WithNoise(byte[] pattern, int bits, Random random)
    {
        var pixels = (byte[])pattern.Clone();
        for (var at = 0; at < pixels.Length; at += 2)
        {
            var value = (ushort)(((pixels[at] | (pixels[at + 1] << 8)) + random.Next(1 << bits)) & 0x0FFF);
            pixels[at] = (byte)value;
            pixels[at + 1] = (byte)(value >> 8);
        }

        return pixels;
    }

    /// <summary>One instance as Part 10 bytes, for tests that work in memory.</summary>
    public static byte[] CreateFile(int seed = 1, int index = 0, int rows = 16, int columns = 16, Action<DicomDataset>? edit = null)
    {
        var header = CreateHeader(seed, index, rows, columns);
        edit?.Invoke(header);
        using var stream = new MemoryStream();
        DicomWriter.WriteFile(stream, header, DicomTransferSyntax.ExplicitVRLittleEndian.Uid, DicomVR.OW, CreatePixels(rows, columns));
        return stream.ToArray();
    }
}
