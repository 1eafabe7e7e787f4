using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace HfTrain.Reliability;

/// <summary>
/// The kill -9 campaign: one 40-step training run on the tiny model (a checkpoint every 2 steps, two kept) is killed
/// with SIGKILL at up to 10 random points — a random step, then a random few milliseconds more, so kills land inside steps,
/// checkpoint writes and rotations alike — and the same command is rerun after each kill (the campaign ends early when a
/// kill's extra milliseconds let the run save its last checkpoint). After every kill only
/// complete checkpoints remain; the last rerun ends with weights, optimizer, scheduler, RNG, data position and trainer
/// state bit-identical to an uninterrupted run. The seed is printed; HF_TRAIN_KILL_SEED=N replays a campaign.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class KillCampaignTests(ITestOutputHelper log)
{
    const int Steps = 40, Kills = 10;

    [Fact]
    public void Ten_random_kill_9_points_each_resume_to_a_bit_identical_run()
    {
        int seed = int.TryParse(Environment.GetEnvironmentVariable("HF_TRAIN_KILL_SEED"), out int given) ? given : Environment.TickCount & 0x7fffffff;
        log.WriteLine($"kill campaign seed {seed} (HF_TRAIN_KILL_SEED={seed} replays it)");
        var random = new Random(seed);
        using var dir = new TempDir();
        string reference = Path.Combine(dir.Path, "reference"), output = Path.Combine(dir.Path, "killed");
        var (code, text) = Tool.Run(Command(reference), dir.Path);
        Assert.True(code == 0, text);

        // 10 distinct kill steps in order: each rerun resumes from a checkpoint at or before the previous kill
        var targets = Enumerable.Range(1, Steps - 6).OrderBy(_ => random.Next()).Take(Kills).Order().ToList();
        var points = new List<string>();
        var clock = Stopwatch.StartNew();
        foreach (int planned in targets)
        {
            // a kill that landed after a later save resumes past the planned step: kill at the first step still ahead
            int step = Math.Max(planned, NewestCheckpoint(output) + 1);
            if (step > Steps)
            {
                // the last kill's few milliseconds let that run save its final checkpoint: no step is left to kill in
                points.Add($"planned step {planned}: none left, the previous run saved checkpoint-{Steps}");
                break;
            }
            int delayMs = random.Next(0, 40);
            using var running = Tool.Start(Command(output), dir.Path);
            bool reached = running.WaitFor($"[step {step}/{Steps}", TimeSpan.FromMinutes(5));
            Assert.True(reached, $"seed {seed}: the run ended before step {step} (exit {running.ExitCode}):\n{running.Output}");
            Thread.Sleep(delayMs);
            running.Kill();
            points.Add($"step {step} + {delayMs} ms (last line: {running.LastStep()}, {clock.Elapsed.TotalSeconds:F1} s)");
            foreach (string checkpoint in Directory.GetDirectories(output, "checkpoint-*"))
                foreach (string file in new[] { "trainer_state.json", "model.safetensors", "optimizer.safetensors", "scheduler.json" })
                    Assert.True(File.Exists(Path.Combine(checkpoint, file)), $"seed {seed}, kill at {points[^1]}: {checkpoint} lacks {file}, yet looks like a checkpoint");
        }
        log.WriteLine("kill points: " + string.Join("; ", points));

        (code, text) = Tool.Run(Command(output), dir.Path);
        Assert.True(code == 0, $"seed {seed}: the final rerun failed:\n{text}");
        Assert.Contains("resuming training", text);
        string last = $"checkpoint-{Steps}";
        foreach (string file in new[] { "model.safetensors", Path.Combine(last, "model.safetensors"), Path.Combine(last, "optimizer.safetensors"),
                     Path.Combine(last, "rng_state.safetensors"), Path.Combine(last, "scheduler.json"), Path.Combine(last, "data_position.json"),
                     Path.Combine(last, "trainer_state.json") })
            Assert.True(File.ReadAllBytes(Path.Combine(reference, file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(output, file))),
                $"seed {seed}: {file} differs from the uninterrupted run after kills at {string.Join("; ", points)}");
        Assert.Equal(WithoutTimes(Path.Combine(reference, "trainer_state.json")), WithoutTimes(Path.Combine(output, "trainer_state.json")));
    }

    /// <summary>The step the rerun resumes from: the newest complete checkpoint, as the run itself picks it.</summary>
    static int NewestCheckpoint(string output) => new HfTrain.Engine.Training.CheckpointStore(output).List() is { Count: > 0 } all ? all[^1].Step : 0;

    static string[] Command(string output) =>
    [
        "summarization", "--model_name_or_path", Workspace.TinyModel, "--do_train", "--train_file", Workspace.Data("summarization-train.jsonl"),
        "--text_column", "document", "--summary_column", "summary", "--output_dir", output, "--max_steps", Steps.ToString(CultureInfo.InvariantCulture),
        "--per_device_train_batch_size", "2", "--max_source_length", "16", "--max_target_length", "8", "--logging_steps", "1",
        "--save_steps", "2", "--save_total_limit", "2", "--learning_rate", "1e-3", "--seed", "0", "--use_cpu",
    ];

    /// <summary>The final trainer_state.json without the last run's own summary: its wall-clock figures (train_runtime,
    /// …_per_second) and train_loss, the mean loss of the steps that run trained.</summary>
    static string WithoutTimes(string path)
    {
        var json = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        foreach (var entry in json["log_history"]!.AsArray().Select(e => e!.AsObject()))
            foreach (string key in entry.Select(kv => kv.Key).Where(k => k == "train_loss" || k.EndsWith("runtime", StringComparison.Ordinal) || k.EndsWith("per_second", StringComparison.Ordinal)).ToList())
                entry.Remove(key);
        return json.ToJsonString();
    }
}
