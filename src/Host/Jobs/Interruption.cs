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
        context.Cancel = true;
        if (_source.IsCancellationRequested)
        {
            // second signal: stop now, with the shell's exit code for death by that signal (130, 143). Explicit,
            // because the runtime's default SIGTERM handling waits for the training loop to return; and _exit(2),
            // because Environment.Exit runs libtorch's static destructors under the training thread (a segfault).
            int code = 128 + (context.Signal == PosixSignal.SIGINT ? 2 : 15);
            error.WriteLine($"{context.Signal} again: stopping at once (exit {code}); the last complete checkpoint stays valid.");
            error.Flush();
            if (OperatingSystem.IsWindows())
                Environment.Exit(code);
            ExitNow(code);
        }
        error.WriteLine($"{context.Signal}: saving a checkpoint at the next optimizer step, then stopping (send it again to stop at once).");
        _source.Cancel();
    }

    [DllImport("libc", EntryPoint = "_exit")]
    static extern void ExitNow(int status);

    public void Dispose()
    {
        foreach (var registration in _registrations)
            registration.Dispose();
        _source.Dispose();
    }
}
