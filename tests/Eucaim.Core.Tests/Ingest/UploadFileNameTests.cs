using Eucaim.Core.Ingest;

namespace Eucaim.Core.Tests.Ingest;

public sealed class UploadFileNameTests
{
    [Theory]
    [InlineData("ct.zip", "ct.zip")]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData("..\\..\\Windows\\win.ini", "win.ini")]
    [InlineData("/abs/dir/series 1.dcm", "series 1.dcm")]
    [InlineData("study/../", "study")]
    [InlineData("scan\r\nSet-Cookie: a=b.dcm", "scanSet-Cookie_ a=b.dcm")]
    [InlineData("<script>alert(1)<\\/script>.zip", "script_.zip")]
    [InlineData("<img src=x onerror=alert(1)>.zip", "_img src=x onerror=alert(1)_.zip")]
    [InlineData("invoice\u202Egpj.exe", "invoicegpj.exe")]
    [InlineData("tab\there\u0085\u2028.dcm", "tabhere.dcm")]
    [InlineData("  padded.dcm  ", "padded.dcm")]
    [InlineData("Cafe\u0301.dcm", "Caf\u00e9.dcm")]
    [InlineData("Ærø 東京.zip", "Ærø 東京.zip")]
    public void A_name_becomes_its_base_name_without_control_or_reserved_characters(string original, string expected) =>
        Assert.Equal(expected, UploadFileName.Normalize(original));

    [Theory]
    [InlineData("")]
    [InlineData("..")]
    [InlineData("../")]
    [InlineData("/./../")]
    [InlineData("\r\n\t")]
    [InlineData("\u202E\u200B")]
    public void A_name_with_nothing_left_is_none(string original) => Assert.Null(UploadFileName.Normalize(original));

    [Fact]
    public void A_long_name_is_shortened_keeping_its_extension()
    {
        var name = UploadFileName.Normalize(new string('a', 5000) + ".dcm");

        Assert.Equal(UploadFileName.MaxLength, name!.Length);
        Assert.EndsWith("a.dcm", name, StringComparison.Ordinal);
    }

    [Fact]
    public void Shortening_never_splits_a_character()
    {
        var name = UploadFileName.Normalize(string.Concat(Enumerable.Repeat("😀", 300)));

        Assert.Equal(UploadFileName.MaxLength - 1, name!.Length);
        Assert.False(char.IsHighSurrogate(name[^1]));
        Assert.Equal(name, name.Normalize());
    }
}
