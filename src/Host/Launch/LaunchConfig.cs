using System.Globalization;
using System.Text;
using HfTrain.Host.Options;

namespace HfTrain.Host.Launch;

/// <summary>
/// A launch configuration in accelerate's <c>default_config.yaml</c> keys, so one file serves both tools:
/// <c>num_processes</c> (all machines together, as accelerate counts), <c>num_machines</c>, <c>machine_rank</c>,
/// <c>main_process_ip</c>, <c>main_process_port</c>, <c>mixed_precision</c> (no, fp16, bf16), <c>gpu_ids</c>
/// (all, or "0,1"). Other keys are kept out of the way, not refused: accelerate writes many.
/// </summary>
internal sealed record LaunchConfig
{
    public static readonly LaunchConfig Empty = new();

    public int? NumProcesses { get; init; }
    public int? NumMachines { get; init; }
    public int? MachineRank { get; init; }
    public string? MainProcessIp { get; init; }
    public int? MainProcessPort { get; init; }
    public string? MixedPrecision { get; init; }
    public string? GpuIds { get; init; }
    public bool UseCpu { get; init; }

    /// <summary>The file this was read from, for messages.</summary>
    public string? Source { get; init; }

    /// <summary>Processes on each machine: accelerate's num_processes counts all machines.</summary>
    public int? ProcessesPerMachine =>
        NumProcesses is not { } total ? null
        : total % (NumMachines ?? 1) == 0 ? total / (NumMachines ?? 1)
        : throw new UsageException($"{Source}: num_processes {total} is not a multiple of num_machines {NumMachines} (num_processes counts every machine's processes). Fix the file or run `hf-train config` again.");

    /// <summary>hf-train's own file: <c>$HF_HOME/hf-train/default_config.yaml</c> (HF_HOME defaults to ~/.cache/huggingface).</summary>
    public static string DefaultPath(Func<string, string?> environment) => Path.Combine(HfHome(environment), "hf-train", "default_config.yaml");

    /// <summary>accelerate's file, read when hf-train's is absent: <c>$HF_HOME/accelerate/default_config.yaml</c>.</summary>
    public static string AcceleratePath(Func<string, string?> environment) => Path.Combine(HfHome(environment), "accelerate", "default_config.yaml");

    static string HfHome(Func<string, string?> environment) =>
        environment("HF_HOME") is { Length: > 0 } home ? home
        : Path.Combine(environment("XDG_CACHE_HOME") is { Length: > 0 } cache ? cache : Path.Combine(environment("HOME") ?? "~", ".cache"), "huggingface");

    /// <summary>
    /// <c>--config_file F</c> when given (it must exist), else hf-train's default file, else accelerate's, else none.
    /// </summary>
    public static LaunchConfig Find(string? configFile, Func<string, string?> environment)
    {
        if (configFile is not null)
        {
            return File.Exists(configFile) ? Read(configFile)
                : throw new UsageException($"launch: --config_file {configFile}: no such file. Write one with `hf-train config --config_file {configFile}`.");
        }
        foreach (string path in new[] { DefaultPath(environment), AcceleratePath(environment) })
        {
            if (File.Exists(path))
                return Read(path);
        }
        return Empty;
    }

    public static LaunchConfig Read(string path) => Parse(File.ReadAllText(path), path);

    /// <summary>The YAML subset accelerate writes: top-level <c>key: value</c> lines; nested blocks and comments skipped.</summary>
    public static LaunchConfig Parse(string yaml, string source)
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        int number = 0;
        foreach (string raw in yaml.Split('\n'))
        {
            number++;
            string line = raw.TrimEnd('\r');
            if (line.Length == 0 || char.IsWhiteSpace(line[0]) || line.TrimStart().StartsWith('#') || line.StartsWith("---", StringComparison.Ordinal) || line.StartsWith('-'))
                continue;   // blank, comment, document start, or inside a nested block (fsdp_config:, ...)
            int colon = line.IndexOf(':');
            if (colon <= 0)
                throw new UsageException($"{source}:{number}: '{line}' is not a 'key: value' line. Fix the file or write it again with `hf-train config`.");
            values[line[..colon].Trim()] = Scalar(line[(colon + 1)..]);
        }
        int? Int(string key) =>
            values.GetValueOrDefault(key) is not { } text ? null
            : int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int n) && n >= 0 ? n
            : throw new UsageException($"{source}: {key}: '{text}' is not a whole number ≥ 0. Fix the file or write it again with `hf-train config`.");
        string? precision = values.GetValueOrDefault("mixed_precision")?.ToLowerInvariant();
        if (precision is not (null or "no" or "fp16" or "bf16"))
            throw new UsageException($"{source}: mixed_precision: '{precision}' is not one of no, fp16, bf16.");
        return new LaunchConfig
        {
            NumProcesses = Int("num_processes") is { } p and > 0 ? p : null,
            NumMachines = Int("num_machines") is { } m and > 0 ? m : null,
            MachineRank = Int("machine_rank"),
            MainProcessIp = values.GetValueOrDefault("main_process_ip"),
            MainProcessPort = Int("main_process_port"),
            MixedPrecision = precision,
            GpuIds = values.GetValueOrDefault("gpu_ids") is { } ids && ids != "all" ? ids : null,
            UseCpu = values.GetValueOrDefault("use_cpu")?.ToLowerInvariant() == "true",
            Source = source,
        };
    }

    /// <summary>A value: quotes removed, a trailing comment dropped, <c>null</c>/<c>~</c>/empty as null.</summary>
    static string? Scalar(string text)
    {
        string value = text.Trim();
        if (value.Length >= 2 && (value[0] == '\'' || value[0] == '"'))
        {
            int close = value.IndexOf(value[0], 1);
            return close > 0 ? value[1..close] : value[1..];
        }
        int hash = value.IndexOf(" #", StringComparison.Ordinal);
        if (hash >= 0)
            value = value[..hash].TrimEnd();
        return value is "" or "null" or "~" or "Null" or "NULL" ? null : value;
    }

    /// <summary>The file <c>hf-train config</c> writes: accelerate's keys, so accelerate reads it too.</summary>
    public string ToYaml()
    {
        var text = new StringBuilder();
        text.AppendLine("# Written by `hf-train config`; read by `hf-train launch` (accelerate's keys and meanings).");
        text.AppendLine("compute_environment: LOCAL_MACHINE");
        text.AppendLine($"distributed_type: {((NumProcesses ?? 1) <= 1 && (NumMachines ?? 1) <= 1 ? "'NO'" : UseCpu ? "MULTI_CPU" : "MULTI_GPU")}");
        text.AppendLine($"num_processes: {NumProcesses ?? 1}");
        text.AppendLine($"num_machines: {NumMachines ?? 1}");
        text.AppendLine($"machine_rank: {MachineRank ?? 0}");
        if (MainProcessIp is not null)
            text.AppendLine($"main_process_ip: {MainProcessIp}");
        if (MainProcessPort is not null)
            text.AppendLine($"main_process_port: {MainProcessPort}");
        text.AppendLine($"mixed_precision: '{MixedPrecision ?? "no"}'");
        text.AppendLine($"gpu_ids: {GpuIds ?? "all"}");
        text.AppendLine($"use_cpu: {(UseCpu ? "true" : "false")}");
        return text.ToString();
    }
}
