namespace HfTrain.Host.Cli;

/// <summary>Process exit codes: 0 ok, 1 usage error (the command line), 2 failure (data, files, training).</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int Usage = 1;
    public const int Failure = 2;
}

/// <summary>A command line the user must change; printed without a stack trace, exit code 1.</summary>
internal sealed class UsageException(string message) : Exception(message);
