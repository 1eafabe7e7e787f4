using HfTrain.Abstractions;

namespace HfTrain.Data.Files;

/// <summary>
/// .NET's <c>GZipStream</c> neither checks the 8-byte trailer (CRC32 and ISIZE, RFC 1952 §2.3.1) nor notices a
/// member cut short, so a truncated download would read as fewer rows. We check the last member's trailer against
/// what was decompressed: its ISIZE is the length of the output's tail it covers, its CRC32 that tail's checksum.
/// </summary>
internal static class GzipTrailer
{
    /// <summary>Throws a <see cref="TaskInputException"/> naming <paramref name="path"/> unless the trailer matches.</summary>
    public static void Verify(string path, ReadOnlySpan<byte> compressed, ReadOnlySpan<byte> output)
    {
        const string fix = "Re-download or re-compress the file (`gzip -t FILE` checks it).";
        // 10-byte header + at least 2 bytes of deflate data + 8-byte trailer
        if (compressed.Length < 18)
            throw new TaskInputException($"{path}: the gzip file is truncated ({compressed.Length} bytes, too short to hold its trailer). {fix}");
        uint storedCrc = BitConverter.ToUInt32(compressed[^8..^4]);
        uint storedSize = BitConverter.ToUInt32(compressed[^4..]);
        // ISIZE is the member's length modulo 2^32; members over 4 GiB are beyond what a --train_file holds in memory
        if (storedSize > output.Length)
            throw new TaskInputException($"{path}: the gzip file is truncated or corrupt: its trailer says {storedSize} bytes but {output.Length} came out. {fix}");
        uint actual = Crc32.Compute(output[^(int)storedSize..]);
        if (actual != storedCrc)
            throw new TaskInputException($"{path}: the gzip file is truncated or corrupt: CRC32 {actual:x8} of the data does not match {storedCrc:x8} in its trailer. {fix}");
    }
}

/// <summary>CRC-32 (IEEE 802.3, reflected 0xEDB88320), as gzip and zlib compute it.</summary>
internal static class Crc32
{
    static readonly uint[] Table = BuildTable();

    public static uint Compute(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFFu;
        foreach (byte b in data)
            crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return ~crc;
    }

    static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++)
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            table[n] = c;
        }
        return table;
    }
}
