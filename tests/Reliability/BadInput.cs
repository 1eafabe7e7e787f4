namespace HfTrain.Reliability;

/// <summary>One bad input: the command line it makes (writing its files into the case's folder), the exit code
/// expected, and words the error message must hold (case-insensitive; "{dir}" stands for the case's folder).</summary>
internal sealed record BadInput(string Name, int Exit, string[] Keys, Func<Workspace, string[]> Args)
{
    public const int Usage = 1;
    public const int Failure = 2;
}
