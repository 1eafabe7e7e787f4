namespace IncompatibleTask;

public sealed class FuturePlugin : HfTrain.Abstractions.ITaskPlugin
{
    public string Name => "future";
}
