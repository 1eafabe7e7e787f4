using System.Runtime.InteropServices;

namespace HfTrain.Host.Jobs;

/// <summary>
/// Ctrl+C and SIGTERM during training: the first asks the trainer to save a checkpoint at the next optimizer step
/// and stop cleanly; a second one ends the process at once (the last complete checkpoint stays valid).
/// </summary>
internal sealed class Interruption : IDisposable
{
    readonly CancellationTokenSource _source = new();
    readonly PosixSignalRegistration[] _registrations;

    public Interruption(TextWriter error)
    {
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, context => Handle(context, error)),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => Handle(context, error)),
        ];
    }

    public CancellationToken Token => _source.Token;

    void Handle(PosixSignalContext context, TextWriter error)
    {
        if (_source.IsCancellationRequested)
            return;                                   // second signal: default handling ends the process
        context.Cancel = true;
        error.WriteLine($"{context.Signal}: saving a checkpoint at the next optimizer step, then stopping (send it again to stop at once).");
        _source.Cancel();
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
            registration.Dispose();
        _source.Dispose();
    }
}
