using Eucaim.Core.Platform;

namespace Eucaim.Core.Tests.Platform;

public sealed class TextInputTests
{
    [Theory]
    [InlineData("a\u0000b")]
    [InlineData("a\u0001b")]
    [InlineData("a\u001Bb")]
    [InlineData("a\u001Fb")]
    [InlineData("a\nb")]
    [InlineData("a\tb")]
    public void A_single_line_refuses_every_control_character_and_half_surrogate(string value) =>
        Assert.NotNull(TextInput.Check("name", value, 100));

    [Theory]
    [InlineData("first line\nsecond\r\n\tindented")]
    [InlineData("emoji 😀 and accents áéí")]
    public void Free_text_keeps_tab_and_line_breaks_and_any_printable_character(string value) =>
        Assert.Null(TextInput.Check("description", value, 100, freeForm: true));

    [Theory]
    [InlineData("a\u0000b")]
    [InlineData("a\u0007b")]
    public void Free_text_still_refuses_the_other_control_characters(string value) =>
        Assert.NotNull(TextInput.Check("description", value, 100, freeForm: true));

    [Fact]
    public void Half_of_a_surrogate_pair_is_refused_even_in_free_text()
    {
        // Built from chars: an attribute argument would not keep an unpaired surrogate.
        foreach (var value in new[] { $"a{(char)0xD800}b", $"a{(char)0xDC00}", $"{(char)0xD83D}" })
        {
            Assert.Contains("surrogate", TextInput.Check("description", value, 100, freeForm: true), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_limit_counts_characters_and_the_message_names_the_field_and_the_limit()
    {
        Assert.Null(TextInput.Check("gpuType", new string('g', 63), 63));
        var message = TextInput.Check("gpuType", new string('g', 64), 63);
        Assert.Equal("gpuType is at most 63 characters (got 64).", message);
    }

    [Fact]
    public void Validate_collects_messages_under_the_field_and_each_element_under_its_index()
    {
        var errors = new Dictionary<string, string[]>();
        Assert.False(TextInput.Validate(errors, "title", "a\u0000", 10));
        Assert.False(TextInput.ValidateEach(errors, "members", ["ok", "x\u0001"], 10));
        Assert.Equal(["members[1]", "title"], errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("U+0000", errors["title"][0], StringComparison.Ordinal);
    }
}
