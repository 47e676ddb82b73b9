using Eucaim.Core.Ingest;
using Eucaim.Core.Platform;

namespace Eucaim.Core.Tests.Ingest;

public sealed class UploadDeclarationTests
{
    private static readonly Guid Dataset = Guid.Parse("0193a0c4-1111-7000-8000-000000000001");

    private static Dictionary<string, string> Metadata(params (string Key, string Value)[] extra)
    {
        var metadata = new Dictionary<string, string> { ["dataset"] = Dataset.ToString(), ["filename"] = "ct.zip" };
        foreach (var (key, value) in extra)
        {
            metadata[key] = value;
        }

        return metadata;
    }

    [Fact]
    public void A_valid_creation_declares_the_dataset_file_and_key()
    {
        var outcome = UploadDeclaration.Of(100, Metadata(("sha256", new string('A', 64))), "raw", "key-1", 1000);

        Assert.Equal(new UploadDeclaration(Dataset, 100, "raw", "ct.zip", "ct.zip", new string('a', 64), null, "key-1"), outcome.Value);
    }

    [Fact]
    public void A_hostile_filename_is_declared_normalised_with_the_original_beside_it()
    {
        var hostile = "../../etc/passwd\r\nX-Injected: 1<script>";

        var outcome = UploadDeclaration.Of(100, Metadata(("filename", hostile)), "raw", "", 1000);

        Assert.Equal(("passwdX-Injected_ 1_script_", hostile), (outcome.Value!.FileName, outcome.Value.OriginalFileName));
    }

    [Fact]
    public void A_filename_with_NUL_is_refused_naming_the_metadata_header()
    {
        var outcome = UploadDeclaration.Of(100, Metadata(("filename", "ct\0.zip")), "raw", "", 1000);

        Assert.Equal(ProblemKind.Invalid, outcome.Problem?.Kind);
        Assert.Equal(TusHeaders.Metadata, outcome.Problem?.Extensions?["header"]);
        Assert.Contains("filename", outcome.Problem!.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(0L)]
    public void Upload_Length_is_required_and_positive(long? length)
    {
        var outcome = UploadDeclaration.Of(length, Metadata(), "raw", "", 1000);

        Assert.Equal(ProblemKind.Invalid, outcome.Problem?.Kind);
        Assert.Equal(TusHeaders.Length, outcome.Problem?.Extensions?["header"]);
    }

    [Fact]
    public void An_upload_over_the_limit_is_too_large_whatever_else_it_declares()
    {
        var outcome = UploadDeclaration.Of(1001, null, "broken", "", 1000);

        Assert.Equal(ProblemKind.TooLarge, outcome.Problem?.Kind);
        Assert.Equal(1000L, outcome.Problem?.Extensions?["limit"]);
    }

    [Fact]
    public void The_metadata_must_name_the_dataset()
    {
        Assert.Equal("Upload-Metadata must name the dataset: 'dataset <base64 of its id>'.",
            UploadDeclaration.Of(100, new Dictionary<string, string>(), "", "", 1000).Problem?.Detail);
        Assert.Equal(TusHeaders.Metadata, UploadDeclaration.Of(100, null, "x", "", 1000).Problem?.Extensions?["header"]);
    }

    [Theory]
    [InlineData("sha256", "abc")]
    [InlineData("ingest", "not-a-guid")]
    public void Malformed_optional_metadata_is_refused(string key, string value)
    {
        Assert.Equal(ProblemKind.Invalid, UploadDeclaration.Of(100, Metadata((key, value)), "raw", "", 1000).Problem?.Kind);
    }

    [Fact]
    public void An_idempotency_key_is_at_most_255_characters()
    {
        var outcome = UploadDeclaration.Of(100, Metadata(), "raw", new string('k', 256), 1000);

        Assert.Equal(TusHeaders.IdempotencyKey, outcome.Problem?.Extensions?["header"]);
    }

    [Fact]
    public void Reusing_a_key_with_the_same_body_replays_the_upload()
    {
        var declaration = UploadDeclaration.Of(100, Metadata(), "raw", "key-1", 1000).Value!;
        var existing = Uploads.Receiving(length: 100);
        existing.Metadata = "raw";

        Assert.Same(existing, declaration.Replay(existing).Value);
    }

    [Theory]
    [InlineData(101L, "raw")]
    [InlineData(100L, "other")]
    public void Reusing_a_key_with_a_different_body_is_unprocessable(long length, string metadata)
    {
        var declaration = UploadDeclaration.Of(100, Metadata(), "raw", "key-1", 1000).Value!;
        var existing = Uploads.Receiving(length: length);
        existing.Metadata = metadata;

        var outcome = declaration.Replay(existing);

        Assert.Equal(ProblemKind.Unprocessable, outcome.Problem?.Kind);
        Assert.Equal("Idempotency-Key reused for a different upload.", outcome.Problem?.Title);
    }
}
