using HfTrain.Host.Options;

namespace HfTrain.Host.Cli;

/// <summary>
/// HfArgumentParser's string_to_bool accepts yes/no, true/false, t/f, y/n, 1/0 (any case) after a boolean option;
/// System.CommandLine takes only true/false there. Rewrites the others to true/false before parsing.
/// </summary>
internal static class BoolValues
{
    public static string[] Normalize(string[] args, ISet<string> boolOptions)
    {
        var result = (string[])args.Clone();
        for (int i = 0; i + 1 < result.Length; i++)
        {
            if (!boolOptions.Contains(result[i]))
                continue;
            string? canonical = result[i + 1].ToLowerInvariant() switch
            {
                "yes" or "y" or "t" or "1" or "true" => "true",
                "no" or "n" or "f" or "0" or "false" => "false",
                _ => null,
            };
            if (canonical is not null)
                result[i + 1] = canonical;
        }
        return result;
    }
}
