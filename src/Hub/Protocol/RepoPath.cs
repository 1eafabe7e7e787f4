namespace HfTrain.Hub.Protocol;

/// <summary>
/// A file path inside a repo, as the Hub writes it: segments joined by <c>/</c>. Both the client (before it writes a
/// downloaded file under the cache) and the server (before it stores or serves one) refuse a path that could escape the
/// repo or that means different things on different systems: a <c>.</c> or <c>..</c> segment, a leading <c>/</c> (or a
/// drive letter), a backslash, a NUL or other control character, an empty segment (<c>a//b</c>, a trailing <c>/</c>).
/// </summary>
public static class RepoPath
{
    /// <summary>The longest path accepted, in characters.</summary>
    public const int MaxLength = 4096;

    /// <summary>Returns <paramref name="path"/> when it is a valid repo path, else throws <see cref="InvalidRepoPathException"/>.</summary>
    public static string Validate(string? path) =>
        Check(path) is { } error ? throw new InvalidRepoPathException(error) : path!;

    public static bool IsValid(string? path) => Check(path) is null;

    /// <summary>Why <paramref name="path"/> is not a valid repo path, or null when it is.</summary>
    public static string? Check(string? path)
    {
        if (string.IsNullOrEmpty(path))
            return "the path in the repo is empty.";
        string shown = RepoId.Shown(path);
        const string rule = "paths in a repo are relative, '/'-separated, without '.' or '..' segments, backslashes or control characters";
        if (path.Length > MaxLength)
            return $"the path in the repo '{shown}' is longer than {MaxLength} characters.";
        if (path.Contains('\0', StringComparison.Ordinal))
            return $"the path in the repo '{shown}' contains a NUL character: {rule}.";
        if (path.Any(char.IsControl))
            return $"the path in the repo '{shown}' contains a control character: {rule}.";
        if (path.Contains('\\', StringComparison.Ordinal))
            return $"the path in the repo '{shown}' contains a backslash: {rule}.";
        if (path.StartsWith('/'))
            return $"the path in the repo '{shown}' is absolute: {rule}.";
        if (path.Length >= 2 && path[1] == ':' && char.IsAsciiLetter(path[0]))
            return $"the path in the repo '{shown}' starts with a drive letter: {rule}.";
        foreach (string segment in path.Split('/'))
        {
            if (segment.Length == 0)
                return $"the path in the repo '{shown}' has an empty segment ('//' or a trailing '/'): {rule}.";
            if (segment is "..")
                return $"the path in the repo '{shown}' has a '..' segment, which would leave the repo: {rule}.";
            if (segment is ".")
                return $"the path in the repo '{shown}' has a '.' segment: {rule}.";
        }
        return null;
    }

    /// <summary>The path percent-encoded for a URL, '/' kept (Python's <c>quote(path)</c>, as huggingface_hub builds resolve URLs).</summary>
    public static string Encode(string path) => string.Join('/', Validate(path).Split('/').Select(Uri.EscapeDataString));

    /// <summary>The segments of a valid path.</summary>
    public static string[] Segments(string path) => Validate(path).Split('/');
}

/// <summary>A revision: a branch, a tag, a 40-hex commit id or a ref such as <c>refs/convert/parquet</c>.</summary>
public static class Revision
{
    public const string Main = "main";
    /// <summary>The branch where the Hub keeps the parquet conversion of a dataset.</summary>
    public const string ConvertParquet = "refs/convert/parquet";
    public const int MaxLength = 256;

    /// <summary>Returns <paramref name="revision"/> when it can name a git ref or commit, else throws <see cref="InvalidRevisionException"/>.</summary>
    public static string Validate(string? revision) =>
        Check(revision) is { } error ? throw new InvalidRevisionException(error) : revision!;

    public static bool IsValid(string? revision) => Check(revision) is null;

    /// <summary>git's ref-name rules (check-ref-format), less strict on nothing that matters to a path: why it is refused, or null.</summary>
    public static string? Check(string? revision)
    {
        if (string.IsNullOrEmpty(revision))
            return "the revision is empty.";
        string shown = RepoId.Shown(revision);
        if (revision.Length > MaxLength)
            return $"the revision '{shown}' is longer than {MaxLength} characters.";
        if (revision.Any(c => char.IsControl(c) || c is ' ' or '~' or '^' or ':' or '?' or '*' or '[' or '\\'))
            return $"the revision '{shown}' contains a character a git ref cannot (space, control, ~ ^ : ? * [ \\).";
        if (revision.StartsWith('/') || revision.EndsWith('/') || revision.Contains("//", StringComparison.Ordinal))
            return $"the revision '{shown}' has an empty '/' segment.";
        if (revision.Contains("..", StringComparison.Ordinal) || revision.Contains("@{", StringComparison.Ordinal) || revision == "@")
            return $"the revision '{shown}' contains '..' or '@{{', which a git ref cannot.";
        foreach (string segment in revision.Split('/'))
        {
            if (segment.StartsWith('.') || segment.EndsWith(".lock", StringComparison.Ordinal))
                return $"the revision '{shown}' has a segment starting with '.' or ending in '.lock'.";
        }
        if (revision.EndsWith('.'))
            return $"the revision '{shown}' ends with '.'.";
        return null;
    }

    /// <summary>True for a full commit id: 40 lowercase hex digits.</summary>
    public static bool IsCommitId(string? text) =>
        text is { Length: 40 } && text.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');

    /// <summary>The revision percent-encoded as one URL segment (Python's <c>quote(revision, safe="")</c>): <c>refs%2Fconvert%2Fparquet</c>.</summary>
    public static string Encode(string revision) => Uri.EscapeDataString(Validate(revision));
}
