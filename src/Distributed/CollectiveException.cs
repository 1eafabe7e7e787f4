namespace HfTrain.Distributed;

/// <summary>A collective or the world's set-up failed (a library missing, a rank gone, a timeout); the message says
/// what to check.</summary>
public sealed class CollectiveException(string message) : Exception(message);
