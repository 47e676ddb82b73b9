using System.Globalization;
using System.Text.RegularExpressions;
using Eucaim.SampleJob.Cuda;

namespace Eucaim.Jobs.Tests.SampleJob;

/// <summary>
/// The hand-written PTX, checked here as far as a machine without a GPU can: its header, the kernel's
/// name and parameters as the launch passes them, every register and label declared. Only the driver
/// compiles it (the device check in docs/jobs.md); a slip these tests cannot see fails there with the
/// driver's compiler log.
/// </summary>
public sealed partial class SaxpyPtxTests
{
    private static readonly string Code = Comments().Replace(SaxpyKernel.Ptx, "");

    [Fact]
    public void It_is_embedded_as_plain_ascii_that_the_driver_can_take_as_a_c_string()
    {
        Assert.NotEmpty(SaxpyKernel.Ptx);
        Assert.All(SaxpyKernel.Ptx, c => Assert.True(c is '\n' or '\t' or (>= ' ' and <= '~'), $"character {(int)c} in the PTX"));
    }

    [Fact]
    public void It_starts_with_the_version_a_target_old_enough_for_any_driver_and_64_bit_addresses()
    {
        var directives = Code.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).Take(3).ToList();
        Assert.Matches(@"^\.version [6-9]\.\d$", directives[0]);
        var target = int.Parse(Assert.Single(Regex.Matches(directives[1], @"^\.target sm_(\d+)$")).Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.InRange(target, 50, 75);
        Assert.Equal(".address_size 64", directives[2]);
    }

    [Fact]
    public void Its_one_entry_is_the_kernel_the_probe_asks_for_with_the_parameters_in_the_order_it_passes_them()
    {
        var entry = Assert.Single(Entry().Matches(Code));
        Assert.Equal(SaxpyKernel.EntryName, entry.Groups["name"].Value);
        var parameters = Parameter().Matches(entry.Groups["parameters"].Value);
        Assert.Equal(SaxpyKernel.ParameterTypes, parameters.Select(p => p.Groups["type"].Value));

        // Each parameter is read, and only declared parameters are.
        var names = parameters.Select(p => p.Groups["name"].Value).ToHashSet();
        var read = ParameterRead().Matches(Code).Select(m => m.Groups[1].Value).ToHashSet();
        Assert.Equal(names.Order(), read.Order());
    }

    [Fact]
    public void Every_register_used_is_declared_and_every_branch_target_is_a_label()
    {
        var declared = RegisterDeclaration().Matches(Code).ToDictionary(m => m.Groups["name"].Value, m => int.Parse(m.Groups["count"].Value, CultureInfo.InvariantCulture));
        var used = RegisterUse().Matches(Code).Select(m => (Name: m.Groups["name"].Value, Index: int.Parse(m.Groups["index"].Value, CultureInfo.InvariantCulture))).ToList();
        Assert.NotEmpty(used);
        Assert.All(used, r => Assert.True(declared.TryGetValue(r.Name, out var count) && r.Index < count, $"%{r.Name}{r.Index} is not declared"));

        var labels = Label().Matches(Code).Select(m => m.Groups[1].Value).ToHashSet();
        Assert.All(Branch().Matches(Code), b => Assert.Contains(b.Groups[1].Value, labels));
        Assert.Equal(Code.Count(c => c == '{'), Code.Count(c => c == '}'));
        Assert.Equal(Code.Count(c => c == '('), Code.Count(c => c == ')'));
        Assert.All(Code.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && l[0] != '.' && l[0] != '{' && l[0] != '}' && l[0] != ')' && !l.EndsWith(':')),
            instruction => Assert.EndsWith(";", instruction));
    }

    [GeneratedRegex(@"//[^\n]*|/\*.*?\*/", RegexOptions.Singleline)]
    private static partial Regex Comments();

    [GeneratedRegex(@"\.visible\s+\.entry\s+(?<name>\w+)\s*\((?<parameters>[^)]*)\)")]
    private static partial Regex Entry();

    [GeneratedRegex(@"\.param\s+\.(?<type>\w+)\s+(?<name>\w+)")]
    private static partial Regex Parameter();

    [GeneratedRegex(@"ld\.param\.\w+\s+%\w+,\s*\[(\w+)\]")]
    private static partial Regex ParameterRead();

    [GeneratedRegex(@"\.reg\s+\.\w+\s+%(?<name>[a-z]+)<(?<count>\d+)>;")]
    private static partial Regex RegisterDeclaration();

    [GeneratedRegex(@"%(?<name>r|rd|f|p)(?<index>\d+)\b")]
    private static partial Regex RegisterUse();

    [GeneratedRegex(@"^\s*(\w+):", RegexOptions.Multiline)]
    private static partial Regex Label();

    [GeneratedRegex(@"\bbra(?:\.uni)?\s+(\w+);")]
    private static partial Regex Branch();
}
