namespace HfTrain.Engine.Native;

/// <summary>The libtorch named by HF_TRAIN_TORCH_LIB (or found through python3) cannot be used; the message says how to fix it.</summary>
public sealed class TorchLibraryException(string message) : Exception(message);
