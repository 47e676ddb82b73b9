using System.Text;

namespace Eucaim.Dicom;

public sealed partial class DicomDeidentifier
{
    private const string DummyText = "ANONYMIZED";

    private void Process(DicomDataset dataset, Context context, bool topLevel)
    {
        if (topLevel)
        {
            context.Findings.AddRange(BurnedInFindings(dataset));
        }

        var overlayGroups = dataset.Where(e => IsOverlayGroup(e.Tag.Group) && e.Tag.Element == 0x3000).Select(e => e.Tag.Group).ToHashSet();
        var creators = dataset.Where(e => e.Tag.IsPrivateCreator)
            .ToDictionary(e => e.Tag.Value, e => e.GetString(dataset.CharacterSet));
        var keptCreatorSlots = new HashSet<uint>();
        var pending = new List<DicomElement>(dataset);
        foreach (var element in pending)
        {
            var tag = element.Tag;
            if (tag.IsPrivateCreator)
            {
                continue;
            }

            if (tag.IsPrivate)
            {
                var slot = tag.PrivateCreatorTag.Value;
                if (creators.TryGetValue(slot, out var creator)
                    && _options.SafePrivateAttributes.Contains(new PrivateTagKey(creator, tag.Group, (byte)tag.Element)))
                {
                    keptCreatorSlots.Add(slot);
                    KeepIfLoaded(dataset, element, context);
                }
                else
                {
                    Remove(dataset, tag, context);
                }

                continue;
            }

            // Overlays are removed whole with their Overlay Data, so no overlay module is left half-filled.
            if (overlayGroups.Contains(tag.Group))
            {
                Remove(dataset, tag, context);
                continue;
            }

            var typed = WithDictionaryVR(dataset, element);
            Apply(dataset, typed, ActionFor(tag, typed.VR, context.SopClassUid), context);
        }

        foreach (var creator in pending.Where(e => e.Tag.IsPrivateCreator && !keptCreatorSlots.Contains(e.Tag.Value)))
        {
            Remove(dataset, creator.Tag, context);
        }

        if (topLevel)
        {
            MarkDeidentified(dataset, context);
        }
    }

    private void Apply(DicomDataset dataset, DicomElement element, DeidentificationAction action, Context context)
    {
        var tag = element.Tag;
        var vr = element.VR;
        switch (action)
        {
            case DeidentificationAction.Remove:
                Remove(dataset, tag, context);
                return;
            case DeidentificationAction.Empty:
                dataset.Set(vr == DicomVR.SQ ? new DicomElement(tag, []) : new DicomElement(tag, vr, ReadOnlyMemory<byte>.Empty));
                context.Replaced++;
                return;
            case DeidentificationAction.Keep when vr == DicomVR.SQ:
            case DeidentificationAction.Dummy when vr == DicomVR.SQ:
            case DeidentificationAction.Clean when vr == DicomVR.SQ:
            case DeidentificationAction.ReplaceUid when vr == DicomVR.SQ:
                foreach (var item in element.Items)
                {
                    Process(item, context, topLevel: false);
                }

                return;
            case DeidentificationAction.Keep:
                KeepIfLoaded(dataset, element, context);
                return;
            case DeidentificationAction.ReplaceUid when vr == DicomVR.UI:
            case DeidentificationAction.Dummy when vr == DicomVR.UI:
            case DeidentificationAction.Clean when vr == DicomVR.UI:
                ReplaceUids(dataset, element, context);
                return;
            case DeidentificationAction.ReplaceUid:
                dataset.Set(new DicomElement(tag, vr, ReadOnlyMemory<byte>.Empty));
                context.Replaced++;
                return;
            case DeidentificationAction.Clean:
                Clean(dataset, element, context);
                return;
            default:
                dataset.Set(new DicomElement(tag, vr, DummyValue(dataset, element)));
                context.Replaced++;
                return;
        }
    }

    private static void KeepIfLoaded(DicomDataset dataset, DicomElement element, Context context)
    {
        if (element.IsValueSkipped)
        {
            context.Findings.Add(new DicomFinding(DicomFindingCodes.AttributeDropped, DicomFindingSeverity.Warning, element.Tag,
                "The value was too large to load, so it is left out of the de-identified output."));
            Remove(dataset, element.Tag, context);
        }
    }

    private static void Remove(DicomDataset dataset, DicomTag tag, Context context)
    {
        if (dataset.Remove(tag))
        {
            context.Removed++;
        }
    }

    private void ReplaceUids(DicomDataset dataset, DicomElement element, Context context)
    {
        var uids = element.GetStrings(dataset.CharacterSet);
        if (uids.Length == 0)
        {
            return;
        }

        dataset.SetStrings(element.Tag, DicomVR.UI, uids.Select(uid => uid.Length == 0 ? uid : ReplaceUid(uid)));
        context.Replaced++;
    }

    private byte[] DummyValue(DicomDataset dataset, DicomElement element)
    {
        var vr = element.VR;
        if (element.Tag == DicomTags.PatientId)
        {
            var original = dataset.GetString(DicomTags.PatientId) ?? string.Empty;
            return Ascii(PseudonymizePatientId(original), vr);
        }

        return vr.Code switch
        {
            0x4441 => Ascii("19000101", vr),
            0x4454 => Ascii("19000101000000", vr),
            0x544D => Ascii("000000", vr),
            0x4153 => Ascii("000Y", vr),
            0x4453 or 0x4953 => Ascii("0", vr),
            0x5552 => [],
            0x5553 or 0x5353 or 0x4F57 or 0x4F42 or 0x554E => new byte[2],
            0x554C or 0x534C or 0x464C or 0x4154 or 0x4F46 or 0x4F4C => new byte[4],
            0x4644 or 0x4F44 or 0x5356 or 0x5556 or 0x4F56 => new byte[8],
            _ => Ascii(DummyText, vr),
        };
    }

    private void Clean(DicomDataset dataset, DicomElement element, Context context)
    {
        var vr = element.VR;
        if (vr == DicomVR.DA || vr == DicomVR.DT)
        {
            if (_options.ShiftsDates)
            {
                var values = element.GetStrings(dataset.CharacterSet).Select(v => ShiftDate(v, context.DateShift, vr));
                dataset.SetStrings(element.Tag, vr, values);
            }
            else
            {
                dataset.Set(new DicomElement(element.Tag, vr, DummyValue(dataset, element)));
            }

            context.Replaced++;
            return;
        }

        if (vr == DicomVR.TM)
        {
            // Whole-day shifts leave times meaningful and harmless; without shifting they are dummied.
            if (!_options.ShiftsDates)
            {
                dataset.Set(new DicomElement(element.Tag, vr, DummyValue(dataset, element)));
                context.Replaced++;
            }

            return;
        }

        if (vr.IsString && vr != DicomVR.UI)
        {
            var text = dataset.GetString(element.Tag) ?? string.Empty;
            var cleaned = ScrubTokens(text, context.IdentifyingTokens);
            if (!string.Equals(cleaned, text, StringComparison.Ordinal))
            {
                dataset.SetString(element.Tag, vr, cleaned);
                context.Replaced++;
            }

            return;
        }

        dataset.Set(new DicomElement(element.Tag, vr, DummyValue(dataset, element)));
        context.Replaced++;
    }

    internal static string ScrubTokens(string text, IReadOnlyList<string> tokens)
    {
        var result = text;
        foreach (var token in tokens)
        {
            result = result.Replace(token, new string('*', token.Length), StringComparison.OrdinalIgnoreCase);
        }

        return result;
    }

    internal static string ShiftDate(string value, int days, DicomVR vr)
    {
        if (!DicomDate.TryParse(value, out var date))
        {
            return value.Length == 0 ? value : vr == DicomVR.DA ? "19000101" : "19000101000000";
        }

        var shifted = DicomDate.Format(date.AddDays(days));
        return vr == DicomVR.DT && value.Length > 8 ? shifted + value[8..] : shifted;
    }

    private void MarkDeidentified(DicomDataset dataset, Context context)
    {
        dataset.SetString(DicomTags.PatientIdentityRemoved, DicomVR.CS, "YES");
        var methods = new List<string> { DeidentificationMethodText };
        var codes = new List<(string Code, string Meaning)> { ("113100", "Basic Application Confidentiality Profile") };
        if (_options.RetainUids)
        {
            methods.Add("Retain UIDs Option");
            codes.Add(("113110", "Retain UIDs Option"));
        }

        if (_options.ShiftsDates)
        {
            methods.Add("Retain Longitudinal Temporal Information Modified Dates Option");
            codes.Add(("113107", "Retain Longitudinal Temporal Information Modified Dates Option"));
        }

        if (_options.SafePrivateAttributes.Count > 0)
        {
            methods.Add("Retain Safe Private Option");
            codes.Add(("113111", "Retain Safe Private Option"));
        }

        dataset.SetStrings(DicomTags.DeidentificationMethod, DicomVR.LO, methods);
        var items = codes.Select(code =>
        {
            var item = new DicomDataset();
            item.SetString(DicomTags.CodeValue, DicomVR.SH, code.Code);
            item.SetString(DicomTags.CodingSchemeDesignator, DicomVR.SH, "DCM");
            item.SetString(DicomTags.CodeMeaning, DicomVR.LO, code.Meaning);
            return item;
        }).ToArray();
        dataset.SetSequence(DicomTags.DeidentificationMethodCodeSequence, items);
        dataset.SetString(DicomTags.LongitudinalTemporalInformationModified, DicomVR.CS, _options.ShiftsDates ? "MODIFIED" : "REMOVED");
        context.Replaced += 4;
    }

    /// <summary>
    /// A standard attribute stored as UN (some converters do that) is given its dictionary VR, so that UIDs are
    /// replaced and dummies padded as the real VR requires. The bytes are the same: UN keeps little endian encoding.
    /// </summary>
    private static DicomElement WithDictionaryVR(DicomDataset dataset, DicomElement element)
    {
        if (element.VR != DicomVR.UN || element.IsValueSkipped || DicomDictionary.Find(element.Tag) is not { } entry)
        {
            return element;
        }

        var vr = entry.DefaultVR;
        if (vr == DicomVR.SQ || vr == DicomVR.None || vr == DicomVR.UN)
        {
            return element;
        }

        var typed = new DicomElement(element.Tag, vr, element.Value);
        dataset.Set(typed);
        return typed;
    }

    private static bool IsOverlayGroup(ushort group) => group is >= 0x6000 and <= 0x601E && (group & 1) == 0;

    private static byte[] Ascii(string text, DicomVR vr) => DicomDataset.Pad(Encoding.ASCII.GetBytes(text), vr);
}
