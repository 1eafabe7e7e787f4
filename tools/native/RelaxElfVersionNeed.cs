using System;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

/// <summary>
/// Rewrites an ELF64 little-endian shared library, setting VER_FLG_WEAK on the one version-need entry
/// (Elf64_Vernaux in .gnu.version_r) whose name is <see cref="Version"/>. Only those two flag bytes change.
/// Layouts: Elf64_Ehdr, Elf64_Shdr, Elf64_Verneed, Elf64_Vernaux as in &lt;elf.h&gt;.
/// </summary>
public sealed class RelaxElfVersionNeed : Task
{
    const uint ShtGnuVerneed = 0x6ffffffe;
    const ushort VerFlgWeak = 0x2;

    [Required] public string Path { get; set; } = "";
    [Required] public string Version { get; set; } = "";

    public override bool Execute()
    {
        byte[] elf = File.ReadAllBytes(Path);
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[4] != 2 || elf[5] != 1)
        {
            Log.LogError($"{Path}: not a 64-bit little-endian ELF file");
            return false;
        }
        ulong shoff = BitConverter.ToUInt64(elf, 0x28);
        int shentsize = BitConverter.ToUInt16(elf, 0x3A), shnum = BitConverter.ToUInt16(elf, 0x3C);
        int patched = 0;
        for (int s = 0; s < shnum; s++)
        {
            int sh = checked((int)shoff + s * shentsize);
            if (BitConverter.ToUInt32(elf, sh + 4) != ShtGnuVerneed)
                continue;
            int offset = checked((int)BitConverter.ToUInt64(elf, sh + 0x18));
            int strtab = checked((int)shoff + (int)BitConverter.ToUInt32(elf, sh + 0x28) * shentsize);
            int strOffset = checked((int)BitConverter.ToUInt64(elf, strtab + 0x18));
            uint count = BitConverter.ToUInt32(elf, sh + 0x2C);
            int need = offset;
            for (uint n = 0; n < count; n++)
            {
                ushort auxCount = BitConverter.ToUInt16(elf, need + 2);
                int aux = need + (int)BitConverter.ToUInt32(elf, need + 8);
                for (int a = 0; a < auxCount; a++)
                {
                    string name = ReadString(elf, strOffset + (int)BitConverter.ToUInt32(elf, aux + 8));
                    if (name == Version)
                    {
                        ushort flags = BitConverter.ToUInt16(elf, aux + 4);
                        if ((flags & VerFlgWeak) == 0)
                        {
                            BitConverter.GetBytes((ushort)(flags | VerFlgWeak)).CopyTo(elf, aux + 4);
                            patched++;
                        }
                    }
                    aux += (int)BitConverter.ToUInt32(elf, aux + 12);
                }
                need += (int)BitConverter.ToUInt32(elf, need + 12);
            }
        }
        if (patched == 0)
            return true;                       // already patched, or a TorchSharp that no longer needs it
        string temp = Path + ".tmp";           // write aside, then rename: never a half-written library
        File.WriteAllBytes(temp, elf);
        File.Delete(Path);
        File.Move(temp, Path);
        Log.LogMessage(MessageImportance.Normal, $"{Path}: {patched} reference(s) to {Version} marked weak");
        return true;
    }

    static string ReadString(byte[] data, int start)
    {
        int end = Array.IndexOf(data, (byte)0, start);
        return Encoding.ASCII.GetString(data, start, end - start);
    }
}
