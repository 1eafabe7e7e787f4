using HfTrain.Hub.Client;

namespace HfTrain.Host.Hub;

/// <summary>
/// The Hub settings of this flow (commands, model and dataset downloads, the push after training): the HF_*
/// environment, unless a caller — an in-process test with its own server and cache — scoped others with
/// <see cref="Use"/>. Below Commands and Jobs, which both read it.
/// </summary>
internal static class HubScope
{
    static readonly AsyncLocal<HubSettings?> Scoped = new();

    public static HubSettings Current => Scoped.Value ?? HubSettings.FromEnvironment();

    /// <summary>Runs code in this flow (and the tasks it starts) with <paramref name="scoped"/> settings until disposed.</summary>
    public static IDisposable Use(HubSettings scoped)
    {
        HubSettings? previous = Scoped.Value;
        Scoped.Value = scoped;
        return new Restore(() => Scoped.Value = previous);
    }

    sealed class Restore(Action undo) : IDisposable
    {
        public void Dispose() => undo();
    }
}
