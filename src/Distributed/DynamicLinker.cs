using System.Runtime.InteropServices;

namespace HfTrain.Distributed;

/// <summary>dlopen with RTLD_GLOBAL, which <see cref="NativeLibrary.Load(string)"/> does not offer: Open MPI's
/// plugins and NCCL's network plugins look up symbols of the library that loaded them in the global scope.</summary>
internal static partial class DynamicLinker
{
    const int RtldNow = 0x2, RtldGlobal = 0x100;

    /// <summary>A handle for <see cref="NativeLibrary.GetExport"/>, or zero (see <see cref="LastError"/>).</summary>
    public static IntPtr OpenGlobal(string file) => dlopen(file, RtldNow | RtldGlobal);

    public static string LastError() => Marshal.PtrToStringUTF8(dlerror()) ?? "unknown error";

    [LibraryImport("libc.so.6", StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr dlopen(string file, int flags);

    [LibraryImport("libc.so.6")]
    private static partial IntPtr dlerror();
}
