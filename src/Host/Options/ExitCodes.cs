namespace HfTrain.Host.Options;

/// <summary>Process exit codes: 0 ok, 1 usage error (the command line), 2 failure (data, files, training).</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int Usage = 1;
    public const int Failure = 2;
}
