namespace HfTrain.Host.Options;

/// <summary>A command line the user must change; printed without a stack trace, exit code 1.</summary>
internal sealed class UsageException(string message) : Exception(message);
