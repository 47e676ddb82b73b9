using Eucaim.Core.Jobs;

namespace Eucaim.Core.Tests.Jobs;

public sealed class JobImageRulesTests
{
    [Theory]
    [InlineData("registry.example.org/team/model:1.2", true)]
    [InlineData("registry.example.org:5000/team/model", true)]
    [InlineData("busybox", true)]
    [InlineData("Registry.example.org/team/model", false)]
    [InlineData("registry.example.org/team/model@sha256:abc", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void An_allow_listed_reference_has_no_digest(string? reference, bool valid) => Assert.Equal(valid, JobImageRules.IsReference(reference));

    [Fact]
    public void A_digest_is_sha256_in_lowercase_hex()
    {
        Assert.True(JobImageRules.IsDigest("sha256:" + new string('a', 64)));
        Assert.False(JobImageRules.IsDigest("sha256:" + new string('A', 64)));
        Assert.False(JobImageRules.IsDigest("sha512:" + new string('a', 64)));
    }
}
