using Eucaim.Core.Contracts;

namespace Eucaim.Core.Tests.Contracts;

/// <summary>The Workers command verbs: pods and the AppHost call them by these exact spellings, so they never change silently.</summary>
public sealed class WorkerVerbsTests
{
    [Fact]
    public void The_verbs_keep_their_spelling()
    {
        Assert.Equal(["migrate", "stage-datasets", "upload-outputs", "gpu-check"], WorkerVerbs.All);
    }

    [Fact]
    public void Each_verb_is_distinct_and_parses_back_from_the_command_line()
    {
        Assert.Equal(WorkerVerbs.All.Count, WorkerVerbs.All.Distinct(StringComparer.Ordinal).Count());
        foreach (var verb in WorkerVerbs.All)
        {
            string[] args = [verb, "x"];
            Assert.Contains(args[0], WorkerVerbs.All);
        }
    }
}
