namespace HfTrain.Hub.Protocol;

/// <summary>The kinds of Hub repository hf-train speaks to (Spaces are not served nor downloaded).</summary>
public enum RepoType
{
    Model,
    Dataset,
}

/// <summary>The spellings of <see cref="RepoType"/> in the Hub's URLs, its APIs and the HF cache.</summary>
public static class RepoTypes
{
    /// <summary>"model" / "dataset": the value of <c>repo_type</c> and of the <c>type</c> field of <c>/api/repos/create</c>.</summary>
    public static string Name(this RepoType type) => type switch
    {
        RepoType.Model => "model",
        RepoType.Dataset => "dataset",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    /// <summary>"models" / "datasets": the API segment (<c>/api/models/org/name</c>) and the HF cache folder prefix.</summary>
    public static string Plural(this RepoType type) => Name(type) + "s";

    /// <summary>"" / "datasets/": what precedes the repo id in file URLs (<c>/datasets/org/name/resolve/main/x</c>).</summary>
    public static string UrlPrefix(this RepoType type) => type == RepoType.Model ? "" : Plural(type) + "/";

    /// <summary>Parses "model" or "dataset" (also the plurals, case-insensitively); null or empty means model, as in huggingface_hub.</summary>
    public static RepoType Parse(string? text) => TryParse(text, out RepoType type)
        ? type
        : throw new InvalidRepoIdException($"unknown repo type '{text}': use 'model' or 'dataset'.");

    public static bool TryParse(string? text, out RepoType type)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case null or "" or "model" or "models":
                type = RepoType.Model;
                return true;
            case "dataset" or "datasets":
                type = RepoType.Dataset;
                return true;
            default:
                type = RepoType.Model;
                return false;
        }
    }

    /// <summary>Parses the API segment, exactly "models" or "datasets".</summary>
    public static bool TryParsePlural(string? segment, out RepoType type)
    {
        type = segment == "datasets" ? RepoType.Dataset : RepoType.Model;
        return segment is "models" or "datasets";
    }
}
