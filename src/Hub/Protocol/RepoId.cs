namespace HfTrain.Hub.Protocol;

/// <summary>
/// A Hub repository: <c>name</c> or <c>namespace/name</c> (the namespace is a user or an organization) and its type.
/// The rules are huggingface_hub's <c>validate_repo_id</c>: letters, digits, <c>_</c>, <c>-</c> and <c>.</c>, starting and
/// ending with a letter, a digit or <c>_</c>, at most 96 characters for the name, no <c>--</c> nor <c>..</c>, not ending
/// in <c>.git</c>. Only ASCII letters are taken (the Hub's own names are ASCII).
/// </summary>
public sealed record RepoId
{
    public const int MaxNameLength = 96;

    /// <summary>The user or organization, or null for a namespace-less id ("t5-small").</summary>
    public string? Namespace { get; }
    public string Name { get; }
    public RepoType Type { get; }

    RepoId(string? ns, string name, RepoType type)
    {
        Namespace = ns;
        Name = name;
        Type = type;
    }

    /// <summary>"org/name" or "name".</summary>
    public string Id => Namespace is null ? Name : $"{Namespace}/{Name}";

    /// <summary>The folder in the HF hub cache: <c>models--org--name</c>, <c>datasets--org--name</c>.</summary>
    public string CacheFolderName => $"{Type.Plural()}--{Id.Replace("/", "--", StringComparison.Ordinal)}";

    /// <summary>The API path without the leading slash: <c>api/models/org/name</c>, <c>api/datasets/org/name</c>.</summary>
    public string ApiPath => $"api/{Type.Plural()}/{Id}";

    /// <summary>The web path without the leading slash: <c>org/name</c>, <c>datasets/org/name</c> (then <c>/resolve/...</c>).</summary>
    public string UrlPath => Type.UrlPrefix() + Id;

    public override string ToString() => Type == RepoType.Model ? Id : $"{Type.Name()} {Id}";

    public static RepoId Parse(string text, RepoType type = RepoType.Model) =>
        TryParse(text, type, out RepoId? id, out string? error) ? id : throw new InvalidRepoIdException(error);

    public static RepoId Parse(string text, string? type) => Parse(text, RepoTypes.Parse(type));

    /// <summary>A repo id from its two parts (as <c>/api/repos/create</c> gets them: <c>organization</c> and <c>name</c>).</summary>
    public static RepoId Create(string? ns, string name, RepoType type = RepoType.Model) =>
        Parse(string.IsNullOrEmpty(ns) ? name : $"{ns}/{name}", type);

    public static bool TryParse(string? text, RepoType type, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out RepoId? id) =>
        TryParse(text, type, out id, out _);

    static bool TryParse(string? text, RepoType type,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out RepoId? id,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        id = null;
        error = Check(text);
        if (error is not null)
            return false;
        int slash = text!.IndexOf('/', StringComparison.Ordinal);
        id = slash < 0 ? new RepoId(null, text, type) : new RepoId(text[..slash], text[(slash + 1)..], type);
        return true;
    }

    static string? Check(string? text)
    {
        const string rule = "a repo id is 'name' or 'namespace/name' of letters, digits, '-', '_' and '.', starting and ending with a letter or a digit";
        if (string.IsNullOrEmpty(text))
            return $"the repo id is empty: {rule}.";
        string shown = Shown(text);
        string[] parts = text.Split('/');
        if (parts.Length > 2)
            return $"'{shown}' is not a repo id (more than one '/'): {rule}.";
        foreach (string part in parts)
        {
            if (part.Length == 0)
                return $"'{shown}' is not a repo id (an empty part): {rule}.";
            if (!part.All(IsAllowed))
                return $"'{shown}' is not a repo id (character '{Shown(part.First(c => !IsAllowed(c)).ToString())}'): {rule}.";
            if (!IsWord(part[0]) || !IsWord(part[^1]))
                return $"'{shown}' is not a repo id: {rule}.";
        }
        if (parts[^1].Length > MaxNameLength)
            return $"'{shown}' is not a repo id: the name has more than {MaxNameLength} characters.";
        if (text.Contains("--", StringComparison.Ordinal) || text.Contains("..", StringComparison.Ordinal))
            return $"'{shown}' is not a repo id: it cannot contain '--' or '..'.";
        if (text.EndsWith(".git", StringComparison.Ordinal))
            return $"'{shown}' is not a repo id: it cannot end in '.git'.";
        return null;
    }

    static bool IsWord(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';
    static bool IsAllowed(char c) => IsWord(c) || c is '-' or '.';

    /// <summary>The text with control characters escaped, cut at 200 characters, for a message.</summary>
    internal static string Shown(string text)
    {
        var shown = new System.Text.StringBuilder();
        foreach (char c in text.Length > 200 ? text[..200] : text)
            shown.Append(char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString());
        return text.Length > 200 ? shown + "..." : shown.ToString();
    }
}
