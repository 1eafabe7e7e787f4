namespace HfTrain.Engine.Tests.Native;

/// <summary>Reads the version-need names and flags of an ELF64 file (an independent reader, to check the build's patch).</summary>
internal static class ElfVersionNeeds
{
    public const int Weak = 0x2;

    public static Dictionary<string, int> Read(string path)
    {
        byte[] elf = File.ReadAllBytes(path);
        var result = new Dictionary<string, int>();
        long shoff = BitConverter.ToInt64(elf, 0x28);
        int size = BitConverter.ToUInt16(elf, 0x3A), count = BitConverter.ToUInt16(elf, 0x3C);
        for (int s = 0; s < count; s++)
        {
            long sh = shoff + s * size;
            if (BitConverter.ToUInt32(elf, (int)sh + 4) != 0x6ffffffe)
                continue;
            long strtabHeader = shoff + BitConverter.ToUInt32(elf, (int)sh + 0x28) * size;
            long strings = BitConverter.ToInt64(elf, (int)strtabHeader + 0x18);
            long need = BitConverter.ToInt64(elf, (int)sh + 0x18);
            for (uint n = 0; n < BitConverter.ToUInt32(elf, (int)sh + 0x2C); n++)
            {
                long aux = need + BitConverter.ToUInt32(elf, (int)need + 8);
                for (int a = 0; a < BitConverter.ToUInt16(elf, (int)need + 2); a++)
                {
                    int start = (int)(strings + BitConverter.ToUInt32(elf, (int)aux + 8));
                    string name = System.Text.Encoding.ASCII.GetString(elf, start, Array.IndexOf(elf, (byte)0, start) - start);
                    result[name] = BitConverter.ToUInt16(elf, (int)aux + 4);
                    aux += BitConverter.ToUInt32(elf, (int)aux + 12);
                }
                need += BitConverter.ToUInt32(elf, (int)need + 12);
            }
        }
        return result;
    }
}
