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
        GpuType = "NVIDIA-A100-SXM4-80GB",
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
    public void Scratch_shared_memory_runtime_class_and_gpu_type_are_checked_field_by_field()
    {
        var flavor = Valid();
        flavor.EphemeralStorageGib = 0;
        flavor.SharedMemoryMib = flavor.MemoryMib + 1;
        flavor.RuntimeClassName = "Not A RuntimeClass";
        flavor.GpuType = "NVIDIA A100 (80 GB)";

        var errors = FlavorRules.Validate(flavor);

        Assert.Equal(["ephemeralStorageGib", "gpuType", "runtimeClassName", "sharedMemoryMib"], errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("memoryMib", errors["sharedMemoryMib"][0], StringComparison.Ordinal);
        var untyped = Valid();
        untyped.GpuType = " ";
        Assert.Contains("nvidia.com/gpu.product", Assert.Single(FlavorRules.Validate(untyped)["gpuType"]), StringComparison.Ordinal);

        var fine = Valid();
        fine.EphemeralStorageGib = FlavorRules.MaxEphemeralStorageGib;
        fine.SharedMemoryMib = fine.MemoryMib;
        fine.RuntimeClassName = "nvidia-cdi.example.org";
        Assert.Empty(FlavorRules.Validate(fine));
    }

    [Theory]
    [InlineData(65536, 0, 16384)]
    [InlineData(131072, 0, 16384)]
    [InlineData(4096, 0, 1024)]
    [InlineData(4096, 512, 512)]
    public void Shared_memory_defaults_to_a_quarter_of_the_memory_up_to_16_GiB(int memoryMib, int asked, int expected)
    {
        var flavor = Valid();
        flavor.MemoryMib = memoryMib;
        flavor.SharedMemoryMib = asked;

        Assert.Equal(expected, FlavorRules.SharedMemoryMib(flavor));
    }

    [Fact]
    public void A_duplicate_name_is_a_validation_problem_on_name()
    {
        Assert.Equal(["A flavor named 'medium-gpu' already exists."], TenantProblems.DuplicateFlavor("medium-gpu").Errors!["name"]);
    }
}
