using System.Security.Cryptography;

namespace HfTrain.Hub.Protocol;

/// <summary>The content hashes of the Hub: git's blob sha1 (the ETag of a regular file) and sha256 (the LFS oid and ETag of an LFS file).</summary>
public static class GitHashes
{
    /// <summary>git's blob id of <paramref name="content"/>: sha1 of <c>"blob {size}\0"</c> then the bytes, 40 lowercase hex.</summary>
    public static string BlobSha1(ReadOnlySpan<byte> content)
    {
        using var sha1 = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
        sha1.AppendData(BlobHeader(content.Length));
        sha1.AppendData(content);
        return Convert.ToHexStringLower(sha1.GetHashAndReset());
    }

    /// <summary>git's blob id of a stream of <paramref name="size"/> bytes.</summary>
    public static string BlobSha1(Stream content, long size)
    {
        using var sha1 = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
        sha1.AppendData(BlobHeader(size));
        Append(sha1, content);
        return Convert.ToHexStringLower(sha1.GetHashAndReset());
    }

    public static string Sha256(ReadOnlySpan<byte> content) => Convert.ToHexStringLower(SHA256.HashData(content));

    public static string Sha256(Stream content)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Append(sha, content);
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    /// <summary>True for 64 lowercase hex digits (an LFS oid).</summary>
    public static bool IsSha256(string? text) =>
        text is { Length: 64 } && text.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');

    static byte[] BlobHeader(long size) => System.Text.Encoding.ASCII.GetBytes($"blob {size}\0");

    static void Append(IncrementalHash hash, Stream content)
    {
        byte[] buffer = new byte[81920];
        int read;
        while ((read = content.Read(buffer)) > 0)
            hash.AppendData(buffer, 0, read);
    }
}
