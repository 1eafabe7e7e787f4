using System.Globalization;
using System.Runtime.InteropServices;

namespace HfTrain.Host.Launch;

/// <summary>
/// The launcher's processes as Linux sees them: it becomes a child subreaper (PR_SET_CHILD_SUBREAPER), so a rank
/// whose parent (mpirun, a wrapper) died is re-parented to the launcher and still found under it in /proc; the
/// whole tree is signalled at the end, so no rank or helper outlives the launcher.
/// </summary>
internal static class ProcessTree
{
    const int PrSetChildSubreaper = 36;
    public const int SigKill = 9, SigTerm = 15, SigInt = 2;

    [DllImport("libc", SetLastError = true)]
    static extern int prctl(int option, ulong arg2, ulong arg3, ulong arg4, ulong arg5);

    [DllImport("libc", SetLastError = true, EntryPoint = "kill")]
    static extern int SysKill(int pid, int signal);

    [DllImport("libc")]
    static extern uint geteuid();

    public static bool IsLinux => OperatingSystem.IsLinux();

    public static bool IsRoot => IsLinux && geteuid() == 0;

    /// <summary>Orphaned descendants come to this process rather than to init (Linux ≥ 3.4).</summary>
    public static void BecomeSubreaper()
    {
        if (IsLinux)
            prctl(PrSetChildSubreaper, 1, 0, 0, 0);
    }

    /// <summary>Sends <paramref name="signal"/>; false when the process is gone.</summary>
    public static bool Signal(int pid, int signal) => IsLinux && SysKill(pid, signal) == 0;

    /// <summary>
    /// <c>setpriv</c> (util-linux) when present: <c>setpriv --pdeathsig KILL cmd</c> makes the kernel kill cmd when
    /// its parent dies, even by SIGKILL. .NET has no hook between fork and exec to call prctl(PR_SET_PDEATHSIG) itself.
    /// </summary>
    public static string? DeathSignalWrapper { get; } = Which("setpriv");

    /// <summary><paramref name="command"/> behind <c>setpriv --pdeathsig KILL</c> (it dies with the launcher) and
    /// <c>setsid</c> (a session of its own, so a Ctrl+C at the terminal reaches the launcher alone), each where the
    /// machine has it.</summary>
    public static IReadOnlyList<string> Detached(IReadOnlyList<string> command)
    {
        var wrapped = new List<string>();
        if (DeathSignalWrapper is { } setpriv)
            wrapped.AddRange([setpriv, "--pdeathsig", "KILL"]);
        if (Which("setsid") is { } setsid)
            wrapped.Add(setsid);
        wrapped.AddRange(command);
        return wrapped;
    }

    /// <summary>A start of <paramref name="command"/> (program, then its arguments) with its output, error and, when
    /// <paramref name="input"/>, its input redirected to this process.</summary>
    public static System.Diagnostics.ProcessStartInfo Piped(IReadOnlyList<string> command, bool input = false)
    {
        var start = new System.Diagnostics.ProcessStartInfo(command[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = input,
            UseShellExecute = false,
        };
        foreach (string arg in command.Skip(1))
            start.ArgumentList.Add(arg);
        return start;
    }

    public static string? Which(string program) =>
        (System.Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, program)).FirstOrDefault(File.Exists);

    /// <summary>Every living descendant of <paramref name="roots"/> (zombies left out), children before grandchildren.</summary>
    public static IReadOnlyList<int> Descendants(IEnumerable<int> roots)
    {
        if (!IsLinux)
            return [];
        var parents = new Dictionary<int, int>();
        foreach (string folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
                continue;
            if (Stat(pid) is { } stat && stat.State != 'Z')
                parents[pid] = stat.Parent;
        }
        var found = new List<int>();
        var frontier = new Queue<int>(roots);
        while (frontier.Count > 0)
        {
            int parent = frontier.Dequeue();
            foreach (var (pid, ppid) in parents)
            {
                if (ppid == parent && !found.Contains(pid))
                {
                    found.Add(pid);
                    frontier.Enqueue(pid);
                }
            }
        }
        return found;
    }

    /// <summary>True while <paramref name="pid"/> exists and is not a zombie.</summary>
    public static bool IsAlive(int pid) => Stat(pid) is { State: not 'Z' and not 'X' };

    /// <summary>/proc/PID/stat's state and parent (the command name in parentheses may hold spaces).</summary>
    static (char State, int Parent)? Stat(int pid)
    {
        try
        {
            string text = File.ReadAllText($"/proc/{pid}/stat");
            int close = text.LastIndexOf(')');
            string[] fields = text[(close + 2)..].Split(' ');
            return (fields[0][0], int.Parse(fields[1], CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>
    /// Ends <paramref name="pids"/> and everything below them: SIGTERM, then SIGKILL to what is left after
    /// <paramref name="grace"/>. The caller passes every process it saw in its tree, since an orphan's parent link is gone.
    /// </summary>
    public static void EndAll(IReadOnlyCollection<int> pids, TimeSpan grace)
    {
        var all = pids.Concat(Descendants(pids)).Distinct().ToList();
        foreach (int pid in all)
            Signal(pid, SigTerm);
        var deadline = DateTime.UtcNow + grace;
        while (all.Any(IsAlive) && DateTime.UtcNow < deadline)
            Thread.Sleep(50);
        foreach (int pid in all.Concat(Descendants(all)).Where(IsAlive).ToList())
            Signal(pid, SigKill);
    }
}
