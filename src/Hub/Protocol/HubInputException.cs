namespace HfTrain.Hub.Protocol;

/// <summary>A repo id, a path inside a repo or a revision that the Hub protocol refuses; the message says why and what is allowed.</summary>
public class HubInputException(string message) : ArgumentException(message);

/// <summary>A repo id that is not <c>name</c> or <c>namespace/name</c> with the Hub's characters.</summary>
public sealed class InvalidRepoIdException(string message) : HubInputException(message);

/// <summary>A path inside a repo that could escape it or that the Hub cannot store: <c>..</c>, absolute, backslash, NUL, empty segment.</summary>
public sealed class InvalidRepoPathException(string message) : HubInputException(message);

/// <summary>A revision (branch, tag, commit id, <c>refs/convert/parquet</c>) that cannot be one.</summary>
public sealed class InvalidRevisionException(string message) : HubInputException(message);
