using System.Globalization;
using HfTrain.Host.Options;

namespace HfTrain.Host.Launch;

/// <summary>
/// <c>hf-train config</c>'s questions, accelerate config's in fewer words: machines, this machine's rank, the main
/// machine's address and port, CPU or GPUs, processes, GPU ids, mixed precision. An empty answer keeps the
/// default shown in brackets; a wrong one is asked again.
/// </summary>
internal sealed class ConfigQuestions(TextReader input, TextWriter output, Machine machine)
{
    public LaunchConfig Ask()
    {
        int machines = Number("How many machines will run the training?", 1, min: 1);
        int rank = 0;
        string? address = null;
        int? port = null;
        if (machines > 1)
        {
            rank = Number("What is the rank of this machine (0 for the main one)?", 0, min: 0, max: machines - 1);
            address = Text("What is the IP address of the main machine (rank 0)?", "127.0.0.1");
            port = Number("Which port on the main machine should the ranks meet at?", 29500, min: 1, max: 65535);
        }
        bool cpu = YesNo("Train on the CPU only?", machine.Gpus == 0);
        int perMachine = cpu ? 1 : Math.Max(1, machine.Gpus);
        int processes = Number("How many processes in total (all machines together)?", perMachine * machines, min: 1);
        string? gpuIds = cpu ? null : Text("Which GPUs (by id) should be used on this machine, as a comma-separated list, or all?", "all");
        string precision = Choice("Mixed precision: no, fp16 or bf16?", "no", ["no", "fp16", "bf16"]);
        return new LaunchConfig
        {
            NumProcesses = processes,
            NumMachines = machines,
            MachineRank = rank,
            MainProcessIp = address,
            MainProcessPort = port,
            MixedPrecision = precision,
            GpuIds = gpuIds is null or "all" ? null : gpuIds,
            UseCpu = cpu,
        };
    }

    string Answer(string question, string defaultValue)
    {
        output.Write($"{question} [{defaultValue}]: ");
        output.Flush();
        string? line = input.ReadLine();
        if (line is null)
            output.WriteLine();
        return string.IsNullOrWhiteSpace(line) ? defaultValue : line.Trim();
    }

    T Retry<T>(string question, string defaultValue, Func<string, T?> parse, string expected) where T : struct
    {
        for (int attempt = 0; attempt < 3; attempt++)
        {
            if (parse(Answer(question, defaultValue)) is { } value)
                return value;
            output.WriteLine($"Please answer {expected}.");
        }
        throw new UsageException($"config: no valid answer to \"{question}\" (expected {expected}). Run `hf-train config` again, or give the values as options (hf-train config --help).");
    }

    int Number(string question, int defaultValue, int min, int max = int.MaxValue) =>
        Retry(question, defaultValue.ToString(CultureInfo.InvariantCulture),
            a => int.TryParse(a, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n >= min && n <= max ? n : (int?)null,
            max == int.MaxValue ? $"a whole number ≥ {min}" : $"a whole number from {min} to {max}");

    bool YesNo(string question, bool defaultValue) =>
        Retry(question, defaultValue ? "yes" : "no", a => a.ToLowerInvariant() switch
        {
            "y" or "yes" or "true" or "1" => true,
            "n" or "no" or "false" or "0" => false,
            _ => (bool?)null,
        }, "yes or no");

    string Text(string question, string defaultValue) => Answer(question, defaultValue);

    string Choice(string question, string defaultValue, string[] choices)
    {
        int index = Retry(question, defaultValue, a => Array.IndexOf(choices, a.ToLowerInvariant()) is >= 0 and var i ? i : (int?)null, string.Join(", ", choices));
        return choices[index];
    }
}
