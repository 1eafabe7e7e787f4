using HfTrain.Abstractions;

namespace HfTrain.Host.Jobs;

/// <summary>
/// The end of a demo run: a few predictions beside their references and the start of their documents, so the first
/// command shows what the fine-tuned model writes, not only a ROUGE number.
/// </summary>
internal static class DemoExamples
{
    public const int Count = 3;
    const int DocumentChars = 160;

    public static string Render(IReadOnlyList<Seq2SeqExample> examples, IReadOnlyList<string> predictions, Func<int[], string> decode)
    {
        var text = new System.Text.StringBuilder();
        text.AppendLine($"***** {Math.Min(Count, predictions.Count)} example predictions *****");
        for (int i = 0; i < Math.Min(Count, Math.Min(examples.Count, predictions.Count)); i++)
        {
            string document = decode(examples[i].InputIds).ReplaceLineEndings(" ");
            if (document.Length > DocumentChars)
                document = document[..DocumentChars] + "…";
            text.AppendLine($"  document:   {document}");
            text.AppendLine($"  reference:  {examples[i].Reference}");
            text.AppendLine($"  prediction: {predictions[i]}");
            text.AppendLine();
        }
        return text.ToString();
    }
}
