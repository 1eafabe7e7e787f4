using System.Text.RegularExpressions;

namespace HfTrain.Host.Hub;

/// <summary>
/// Takes Hub tokens out of text that is written or printed (a command line in the output folder's lock file):
/// the value of <c>--hub_token</c>, <c>--push_to_hub_token</c> and <c>--token</c> (any spelling, <c>=</c> or a space),
/// and anything shaped like a Hugging Face token (<c>hf_</c> and 8 or more letters and digits), become
/// <c>&lt;HUB_TOKEN&gt;</c>, as HF's TrainingArguments writes it.
/// </summary>
internal static partial class TokenRedaction
{
    public const string Placeholder = "<HUB_TOKEN>";

    public static string Redact(string text) =>
        HfToken().Replace(TokenOption().Replace(text, m => m.Groups["option"].Value + Placeholder), Placeholder);

    [GeneratedRegex(@"(?<option>--(?:hub[_-]token|push[_-]to[_-]hub[_-]token|token)(?:=|\s+))(?:""[^""]*""|'[^']*'|\S+)")]
    private static partial Regex TokenOption();

    [GeneratedRegex(@"\bhf_[A-Za-z0-9]{8,}")]
    private static partial Regex HfToken();
}
