namespace Eucaim.Core.Ingest;

/// <summary>What the ingest does about identifying information, per dataset.</summary>
public enum DeidentificationMode
{
    /// <summary>The data holder de-identified before upload: residual findings are reported, files are stored unchanged.</summary>
    Report,

    /// <summary>Files with residual identifying information are rejected.</summary>
    Reject,

    /// <summary>The PS3.15 Basic Profile is applied on ingest, with the dataset's own key for UIDs and pseudonyms.</summary>
    Deidentify,
}
