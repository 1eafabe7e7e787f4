using System.Runtime.InteropServices;
using System.Text;

namespace HfTrain.Engine.Native;

/// <summary>
/// Device names, memory and compute capability from the CUDA driver API (libcuda.so.1), which TorchSharp does not
/// expose. The driver API is a stable C ABI (unlike cudaDeviceProp's layout), and it honours CUDA_VISIBLE_DEVICES
/// like torch does. Returns nothing where there is no driver.
/// </summary>
public static unsafe class CudaDriver
{
    // cuda.h: CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR / _MINOR
    const int ComputeCapabilityMajor = 75;
    const int ComputeCapabilityMinor = 76;

    /// <summary>The visible devices and the driver's CUDA version ("13.0"), or an empty list and null without a driver.</summary>
    public static IReadOnlyList<CudaDeviceInfo> Devices(out string? driverCudaVersion)
    {
        driverCudaVersion = null;
        if (!NativeLibrary.TryLoad("libcuda.so.1", out IntPtr lib))
            return [];
        if (!TryGet(lib, "cuInit", out var init) || !TryGet(lib, "cuDeviceGetCount", out var getCount) || !TryGet(lib, "cuDeviceGet", out var get)
            || !TryGet(lib, "cuDeviceGetName", out var getName) || !TryGet(lib, "cuDeviceTotalMem_v2", out var totalMem)
            || !TryGet(lib, "cuDeviceGetAttribute", out var getAttribute))
            return [];
        if (((delegate* unmanaged<uint, int>)init)(0) != 0)
            return [];
        if (TryGet(lib, "cuDriverGetVersion", out var getVersion))
        {
            int v;
            if (((delegate* unmanaged<int*, int>)getVersion)(&v) == 0)
                driverCudaVersion = $"{v / 1000}.{v % 1000 / 10}";   // 13000 -> "13.0"
        }
        int count;
        if (((delegate* unmanaged<int*, int>)getCount)(&count) != 0)
            return [];
        var devices = new List<CudaDeviceInfo>(count);
        byte* name = stackalloc byte[256];
        for (int ordinal = 0; ordinal < count; ordinal++)
        {
            int device, major = 0, minor = 0;
            nuint bytes = 0;
            if (((delegate* unmanaged<int*, int, int>)get)(&device, ordinal) != 0)
                continue;
            name[0] = 0;
            ((delegate* unmanaged<byte*, int, int, int>)getName)(name, 256, device);
            ((delegate* unmanaged<nuint*, int, int>)totalMem)(&bytes, device);
            ((delegate* unmanaged<int*, int, int, int>)getAttribute)(&major, ComputeCapabilityMajor, device);
            ((delegate* unmanaged<int*, int, int, int>)getAttribute)(&minor, ComputeCapabilityMinor, device);
            string text = Encoding.UTF8.GetString(name, new ReadOnlySpan<byte>(name, 256).IndexOf((byte)0) is var n and >= 0 ? n : 256);
            devices.Add(new CudaDeviceInfo(ordinal, text, (long)bytes, major, minor));
        }
        return devices;
    }

    static bool TryGet(IntPtr lib, string name, out IntPtr address) => NativeLibrary.TryGetExport(lib, name, out address);
}
