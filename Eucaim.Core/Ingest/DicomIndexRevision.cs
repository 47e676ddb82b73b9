namespace Eucaim.Core.Ingest;

/// <summary>
/// The generations of the DICOM index's study and series rows. Rows indexed before a generation lack
/// its columns; the index backfill reads one instance of each such series again and fills them.
/// </summary>
public static class DicomIndexRevision
{
    /// <summary>The index as first built, before rows recorded their revision (the column's value for them).</summary>
    public const int Initial = 0;

    /// <summary>The QIDO-RS required matching keys: ReferringPhysicianName, PerformedProcedureStepStartDate and -Time.</summary>
    public const int QidoMatchingKeys = 1;

    /// <summary>The series' Manufacturer, which federated counts filter on.</summary>
    public const int Manufacturer = 2;

    public const int Current = Manufacturer;
}
