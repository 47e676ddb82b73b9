using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using System.Text;

namespace Eucaim.SampleJob.Cuda;

/// <summary>
/// The CUDA driver API calls the CUDA mode needs, bound at run time from libcuda (installed by the
/// NVIDIA driver, not by a toolkit), so that a machine without it gets a clear message rather than a
/// DllNotFoundException, and the sample needs neither the CUDA toolkit nor PyTorch. The driver applies
/// CUDA_VISIBLE_DEVICES itself: ordinals here are those of the devices this process may see.
/// </summary>
internal sealed unsafe class CudaDriver : IDisposable
{
    public const string DefaultLibrary = "libcuda.so.1";

    /// <summary>CUDA_ERROR_NO_DEVICE: what cuInit answers when CUDA_VISIBLE_DEVICES hides every device.</summary>
    public const int NoDevice = 100;

    private const int ComputeCapabilityMajor = 75;
    private const int ComputeCapabilityMinor = 76;
    private const int JitErrorLogBuffer = 5;
    private const int JitErrorLogBufferSizeBytes = 6;

    private readonly nint _library;
    private readonly delegate* unmanaged<uint, int> _init;
    private readonly delegate* unmanaged<int*, int> _driverGetVersion;
    private readonly delegate* unmanaged<int*, int> _deviceGetCount;
    private readonly delegate* unmanaged<int*, int, int> _deviceGet;
    private readonly delegate* unmanaged<byte*, int, int, int> _deviceGetName;
    private readonly delegate* unmanaged<byte*, int, int> _deviceGetUuid;
    private readonly delegate* unmanaged<nuint*, int, int> _deviceTotalMem;
    private readonly delegate* unmanaged<int*, int, int, int> _deviceGetAttribute;
    private readonly delegate* unmanaged<nint*, uint, int, int> _ctxCreate;
    private readonly delegate* unmanaged<nint, int> _ctxDestroy;
    private readonly delegate* unmanaged<int> _ctxSynchronize;
    private readonly delegate* unmanaged<nint*, byte*, uint, int*, void**, int> _moduleLoadDataEx;
    private readonly delegate* unmanaged<nint, int> _moduleUnload;
    private readonly delegate* unmanaged<nint*, nint, byte*, int> _moduleGetFunction;
    private readonly delegate* unmanaged<ulong*, nuint, int> _memAlloc;
    private readonly delegate* unmanaged<ulong, int> _memFree;
    private readonly delegate* unmanaged<ulong, void*, nuint, int> _memcpyHtoD;
    private readonly delegate* unmanaged<void*, ulong, nuint, int> _memcpyDtoH;
    private readonly delegate* unmanaged<nint, uint, uint, uint, uint, uint, uint, uint, nint, void**, void**, int> _launchKernel;
    private readonly delegate* unmanaged<int, byte**, int> _getErrorName;
    private readonly delegate* unmanaged<int, byte**, int> _getErrorString;

    private CudaDriver(nint library)
    {
        _library = library;
        _init = (delegate* unmanaged<uint, int>)Export("cuInit");
        _driverGetVersion = (delegate* unmanaged<int*, int>)Export("cuDriverGetVersion");
        _deviceGetCount = (delegate* unmanaged<int*, int>)Export("cuDeviceGetCount");
        _deviceGet = (delegate* unmanaged<int*, int, int>)Export("cuDeviceGet");
        _deviceGetName = (delegate* unmanaged<byte*, int, int, int>)Export("cuDeviceGetName");
        // _v2 (CUDA 11.4) gives MIG instances their own UUID; older drivers have only the first version.
        _deviceGetUuid = (delegate* unmanaged<byte*, int, int>)(OptionalExport("cuDeviceGetUuid_v2") ?? Export("cuDeviceGetUuid"));
        // The _v2 names are the 64-bit entry points the CUDA headers have mapped the plain names to since CUDA 3.2.
        _deviceTotalMem = (delegate* unmanaged<nuint*, int, int>)Export("cuDeviceTotalMem_v2");
        _deviceGetAttribute = (delegate* unmanaged<int*, int, int, int>)Export("cuDeviceGetAttribute");
        _ctxCreate = (delegate* unmanaged<nint*, uint, int, int>)Export("cuCtxCreate_v2");
        _ctxDestroy = (delegate* unmanaged<nint, int>)Export("cuCtxDestroy_v2");
        _ctxSynchronize = (delegate* unmanaged<int>)Export("cuCtxSynchronize");
        _moduleLoadDataEx = (delegate* unmanaged<nint*, byte*, uint, int*, void**, int>)Export("cuModuleLoadDataEx");
        _moduleUnload = (delegate* unmanaged<nint, int>)Export("cuModuleUnload");
        _moduleGetFunction = (delegate* unmanaged<nint*, nint, byte*, int>)Export("cuModuleGetFunction");
        _memAlloc = (delegate* unmanaged<ulong*, nuint, int>)Export("cuMemAlloc_v2");
        _memFree = (delegate* unmanaged<ulong, int>)Export("cuMemFree_v2");
        _memcpyHtoD = (delegate* unmanaged<ulong, void*, nuint, int>)Export("cuMemcpyHtoD_v2");
        _memcpyDtoH = (delegate* unmanaged<void*, ulong, nuint, int>)Export("cuMemcpyDtoH_v2");
        _launchKernel = (delegate* unmanaged<nint, uint, uint, uint, uint, uint, uint, uint, nint, void**, void**, int>)Export("cuLaunchKernel");
        _getErrorName = (delegate* unmanaged<int, byte**, int>)Export("cuGetErrorName");
        _getErrorString = (delegate* unmanaged<int, byte**, int>)Export("cuGetErrorString");
    }

    /// <summary>Loads libcuda; on failure <paramref name="error"/> says why (not found, or a function missing from an old driver).</summary>
    public static bool TryLoad(string library, [NotNullWhen(true)] out CudaDriver? driver, [NotNullWhen(false)] out string? error)
    {
        driver = null;
        if (!NativeLibrary.TryLoad(library, out var handle))
        {
            error = $"cannot load {library}: the NVIDIA driver is not installed on this machine, or this process cannot see it "
                + "(a container started without the NVIDIA container runtime).";
            return false;
        }

        try
        {
            driver = new CudaDriver(handle);
            error = null;
            return true;
        }
        catch (EntryPointNotFoundException ex)
        {
            NativeLibrary.Free(handle);
            error = $"{library} is too old for this sample: {ex.Message}";
            return false;
        }
    }

    /// <summary>cuInit's own result, since <see cref="NoDevice"/> is an answer rather than a fault.</summary>
    public int Init() => _init(0);

    public int DriverVersion()
    {
        int version;
        Check(_driverGetVersion(&version), "cuDriverGetVersion");
        return version;
    }

    public int DeviceCount()
    {
        int count;
        Check(_deviceGetCount(&count), "cuDeviceGetCount");
        return count;
    }

    public int Device(int ordinal)
    {
        int device;
        Check(_deviceGet(&device, ordinal), "cuDeviceGet");
        return device;
    }

    public string Name(int device)
    {
        var buffer = stackalloc byte[256];
        Check(_deviceGetName(buffer, 256, device), "cuDeviceGetName");
        return Marshal.PtrToStringUTF8((nint)buffer) ?? "";
    }

    public byte[] Uuid(int device)
    {
        var uuid = new byte[16];
        fixed (byte* bytes = uuid)
        {
            Check(_deviceGetUuid(bytes, device), "cuDeviceGetUuid");
        }

        return uuid;
    }

    public long TotalMemory(int device)
    {
        nuint bytes;
        Check(_deviceTotalMem(&bytes, device), "cuDeviceTotalMem");
        return (long)bytes;
    }

    public (int Major, int Minor) ComputeCapability(int device)
    {
        int major, minor;
        Check(_deviceGetAttribute(&major, ComputeCapabilityMajor, device), "cuDeviceGetAttribute");
        Check(_deviceGetAttribute(&minor, ComputeCapabilityMinor, device), "cuDeviceGetAttribute");
        return (major, minor);
    }

    /// <summary>A context on <paramref name="device"/>, current on this thread until it is destroyed.</summary>
    public nint CreateContext(int device)
    {
        nint context;
        Check(_ctxCreate(&context, 0, device), "cuCtxCreate");
        return context;
    }

    public void DestroyContext(nint context) => Check(_ctxDestroy(context), "cuCtxDestroy");

    public void Synchronize() => Check(_ctxSynchronize(), "cuCtxSynchronize");

    /// <summary>Loads PTX into the current context; the driver compiles it for the device, and its compiler's log is in the error.</summary>
    public nint LoadModule(string ptx)
    {
        var image = Encoding.ASCII.GetBytes(ptx + "\0");
        var log = new byte[8192];
        nint module;
        int result;
        fixed (byte* text = image)
        fixed (byte* logBuffer = log)
        {
            var options = stackalloc int[] { JitErrorLogBuffer, JitErrorLogBufferSizeBytes };
            var values = stackalloc void*[] { logBuffer, (void*)(nuint)log.Length };
            result = _moduleLoadDataEx(&module, text, 2, options, values);
        }

        if (result != 0)
        {
            var compilerLog = Encoding.ASCII.GetString(log, 0, Math.Max(0, Array.IndexOf(log, (byte)0))).Trim();
            throw new CudaException("cuModuleLoadDataEx", result, Describe(result) + (compilerLog.Length > 0 ? $"; the driver's PTX compiler said: {compilerLog}" : ""));
        }

        return module;
    }

    public void UnloadModule(nint module) => Check(_moduleUnload(module), "cuModuleUnload");

    public nint Function(nint module, string name)
    {
        var bytes = Encoding.ASCII.GetBytes(name + "\0");
        nint function;
        fixed (byte* text = bytes)
        {
            Check(_moduleGetFunction(&function, module, text), "cuModuleGetFunction");
        }

        return function;
    }

    public ulong Allocate(long bytes)
    {
        ulong pointer;
        Check(_memAlloc(&pointer, (nuint)bytes), "cuMemAlloc");
        return pointer;
    }

    public void Free(ulong pointer) => Check(_memFree(pointer), "cuMemFree");

    public void CopyToDevice(ulong destination, ReadOnlySpan<float> source)
    {
        fixed (float* data = source)
        {
            Check(_memcpyHtoD(destination, data, (nuint)(source.Length * sizeof(float))), "cuMemcpyHtoD");
        }
    }

    public void CopyToHost(Span<float> destination, ulong source)
    {
        fixed (float* data = destination)
        {
            Check(_memcpyDtoH(data, source, (nuint)(destination.Length * sizeof(float))), "cuMemcpyDtoH");
        }
    }

    /// <summary>A one-dimensional launch on the default stream; <paramref name="parameters"/> points at each kernel parameter in turn.</summary>
    public void Launch(nint function, uint blocks, uint threadsPerBlock, void** parameters) =>
        Check(_launchKernel(function, blocks, 1, 1, threadsPerBlock, 1, 1, 0, 0, parameters, null), "cuLaunchKernel");

    public void Dispose() => NativeLibrary.Free(_library);

    /// <summary><c>CUDA_ERROR_…: description (code)</c>, as the driver names its result codes.</summary>
    public string Describe(int result)
    {
        byte* name = null;
        byte* text = null;
        _getErrorName(result, &name);
        _getErrorString(result, &text);
        return $"{(name is null ? "CUDA error" : Marshal.PtrToStringUTF8((nint)name))} ({result}): {(text is null ? "unknown" : Marshal.PtrToStringUTF8((nint)text))}";
    }

    private void Check(int result, string call)
    {
        if (result != 0)
        {
            throw new CudaException(call, result, Describe(result));
        }
    }

    private nint Export(string name) =>
        OptionalExport(name) ?? throw new EntryPointNotFoundException($"the driver has no {name}.");

    private nint? OptionalExport(string name) => NativeLibrary.TryGetExport(_library, name, out var address) ? address : null;
}
