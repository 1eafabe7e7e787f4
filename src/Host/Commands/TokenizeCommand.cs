using System.CommandLine;

namespace HfTrain.Host.Commands;

/// <summary><c>hf-train tokenize --model_name_or_path DIR</c>: text lines (or JSON strings) on stdin → id arrays on stdout.</summary>
internal sealed class TokenizeCommand : IHostCommand
{
    public Command Create()
    {
        var model = new Option<string>("--model_name_or_path", "--model-name-or-path", "--tokenizer_name")
        {
            Description = "A folder with tokenizer.json or spiece.model (a model folder written by save_pretrained).",
            Required = true,
            HelpName = "dir",
        };
        var command = new Command("tokenize",
            "Tokenize stdin, one text per line (or one JSON string per line), and print one JSON array of ids per line " +
            "(with </s> appended, as the model sees it) — for checking truncation.") { model };
        command.SetAction(result =>
        {
            using var input = new StreamReader(Console.OpenStandardInput());
            return Tokenization.TokenizeCommand.Run(result.GetValue(model)!, input, result.InvocationConfiguration.Output);
        });
        return command;
    }
}
