namespace HfTrain.Tokenization;

/// <summary>The tokenizer of a model folder, from its files (tokenizer.json, spiece.model). T5's SentencePiece
/// unigram tokenizer is the one kind so far; another kind is chosen here from the folder's files.</summary>
public static class TokenizerFactory
{
    public static IModelTokenizer Load(string folder) => T5Tokenizer.Load(folder);
}
