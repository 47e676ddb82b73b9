using Eucaim.Core.Tenants;

namespace Eucaim.Core.Tests.Tenants;

/// <summary>What a valid flavor is: finite resources, a GPU type whenever GPUs are asked, Kubernetes placement syntax.</summary>
public sealed class FlavorRulesTests
{
    private static Flavor Valid() => new()
    {
        Name = "medium-gpu",
        CpuMillicores = 4000,
        MemoryMib = 16384,
        GpuCount = 1,
        GpuType = "nvidia-a100",
        NodeSelector = ["nvidia.com/gpu.present=true"],
        Tolerations = ["nvidia.com/gpu:NoSchedule", "dedicated=gpu:NoExecute"],
        MaxRuntimeMinutes = 240,
    };

    [Fact]
    public void A_complete_flavor_is_valid() => Assert.Empty(FlavorRules.Validate(Valid()));

    [Fact]
    public void A_gpu_flavor_needs_a_gpu_type_and_a_cpu_flavor_does_not()
    {
        var gpu = Valid();
        gpu.GpuType = null;
        Assert.Contains("gpuType", FlavorRules.Validate(gpu).Keys);

        var cpu = Valid();
        cpu.GpuCount = 0;
        cpu.GpuType = null;
        Assert.Empty(FlavorRules.Validate(cpu));
    }

    [Fact]
    public void Resources_are_within_limits_and_names_are_dns_labels()
    {
        var flavor = Valid();
        flavor.Name = "Medium GPU";
        flavor.CpuMillicores = 0;
        flavor.MemoryMib = FlavorRules.MaxMemoryMib + 1;
        flavor.GpuCount = FlavorRules.MaxGpuCount + 1;
        flavor.MaxRuntimeMinutes = 0;

        Assert.Equal(["cpuMillicores", "gpuCount", "maxRuntimeMinutes", "memoryMib", "name"], FlavorRules.Validate(flavor).Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Placement_entries_use_kubernetes_syntax()
    {
        var flavor = Valid();
        flavor.NodeSelector = ["no-equals-sign"];
        flavor.Tolerations = ["key=value:Sometimes"];

        Assert.Equal(["nodeSelector", "tolerations"], FlavorRules.Validate(flavor).Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_duplicate_name_is_a_validation_problem_on_name()
    {
        Assert.Equal(["A flavor named 'medium-gpu' already exists."], TenantProblems.DuplicateFlavor("medium-gpu").Errors!["name"]);
    }
}
