using HfTrain.Abstractions;

namespace HfTrain.Tokenization;

/// <summary>A model folder's tokenizer as the host and the engine use it: text ↔ ids (<see cref="ITextTokenizer"/>),
/// the files it was read from (the data cache's key) and save_pretrained's tokenizer files.</summary>
public interface IModelTokenizer : ITextTokenizer
{
    /// <summary>The files it was loaded from.</summary>
    IReadOnlyList<string> SourceFiles { get; }

    /// <summary>Writes the tokenizer files into <paramref name="directory"/> (a checkpoint or output folder).</summary>
    void Save(string directory);
}
