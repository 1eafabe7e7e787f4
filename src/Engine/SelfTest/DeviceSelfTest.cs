using System.Text.Json;
using System.Text.Json.Nodes;
using HfTrain.Abstractions;
using HfTrain.Engine.Formats;
using HfTrain.Engine.Generation;
using HfTrain.Engine.Models;
using HfTrain.Engine.Registry;
using HfTrain.Engine.Runs;
using HfTrain.Engine.Training;
using HfTrain.Tokenization;
using TorchSharp;
using static TorchSharp.torch;

namespace HfTrain.Engine.SelfTest;

/// <summary>One check's outcome, printable.</summary>
public sealed record CheckResult(string Name, bool Passed, string Detail)
{
    public override string ToString() => $"{(Passed ? "PASS" : "FAIL")} {Name}: {Detail}";
}

/// <summary>
/// Checks that need a device rather than a test runner: the GPU machine has no dotnet, so `hf-train selftest`
/// runs these there, and the GPU tests (skipped without CUDA) run the same code. Inputs are the fixtures made by
/// transformers (tests/Fixtures): parity in float32, bf16 training lowering the loss, no leaked tensors.
/// </summary>
public static class DeviceSelfTest
{
    /// <summary>Forward loss/logits and greedy/beam-4 ids of a fixture model on <paramref name="device"/> against transformers.</summary>
    public static CheckResult Parity(string fixtures, string model, string task, Device device)
    {
        var reference = JsonFile.ReadObject(Path.Combine(fixtures, model, $"reference_{task}.json"), "copy the fixtures again");
        using var scope = NewDisposeScope();
        using var t5 = ModelRegistry.Load(Path.Combine(fixtures, model));
        t5.Module.to(device);
        t5.Module.eval();
        var ids = Matrix(reference, "input_ids").to(device);
        var mask = Matrix(reference, "attention_mask").to(device);
        var labels = Matrix(reference, "labels").to(device);
        using var _ = no_grad();
        var output = t5.Forward(ids, mask, labels);
        double loss = output.Loss!.item<float>(), expectedLoss = reference["loss"]!.GetValue<double>();
        var first = output.Logits[0, ..3, ..10].cpu().data<float>().ToArray();
        var expectedFirst = reference["logits_first"]!.AsArray().SelectMany(r => r!.AsArray().Select(x => x!.GetValue<double>())).ToArray();
        double maxError = first.Zip(expectedFirst, (a, b) => Math.Abs(a - b)).Max();
        int maxNew = reference["generate_max_new_tokens"]!.GetValue<int>();
        var generation = GenerationConfig.Load(Path.Combine(fixtures, model, "generation_config.json"), t5.Tokens) with { MaxNewTokens = maxNew };
        bool greedy = SameRows(Seq2SeqGenerator.Generate(t5, ids, mask, generation), reference, "greedy");
        bool beam = SameRows(Seq2SeqGenerator.Generate(t5, ids, mask, generation with { NumBeams = 4 }), reference, "beam4");
        double relative = Math.Abs(loss - expectedLoss) / Math.Abs(expectedLoss);
        bool passed = relative <= 1e-5 && maxError <= 1e-4 && greedy && beam;
        return new CheckResult($"parity {model}/{task} on {device}", passed,
            $"loss {loss:R} vs {expectedLoss:R} (rel {relative:E1}), logits[0,:3,:10] max |Δ| {maxError:E1}, greedy {(greedy ? "identical" : "DIFFERENT")}, beam4 {(beam ? "identical" : "DIFFERENT")}");
    }

    /// <summary>
    /// Beam search keeps its scores on the host and must round them as the device's tensor ops do: length-penalised
    /// scores (a float32 tensor divided by a scalar) computed both ways for 65,536 log-probabilities and the divisors
    /// of 64 lengths under four length penalties, compared bit for bit.
    /// </summary>
    public static CheckResult BeamScoreRounding(Device device)
    {
        using var scope = NewDisposeScope();
        var generator = new Random(7);
        var values = Enumerable.Range(0, 65_536).Select(_ => (float)(-generator.NextDouble() * 60)).ToArray();
        using var onDevice = tensor(values).to(device);
        bool reciprocal = Generation.BeamSearch.ReciprocalDivision(device);
        int compared = 0, differ = 0, otherDiffer = 0;
        foreach (double penalty in new[] { 1.0, 0.6, 2.0, -0.5 })
        {
            for (int length = 1; length <= 64; length++)
            {
                double divisor = Math.Pow(length, penalty);
                using var divided = onDevice / divisor;
                var expected = divided.cpu().data<float>().ToArray();
                for (int i = 0; i < values.Length; i++, compared++)
                {
                    int bits = BitConverter.SingleToInt32Bits(expected[i]);
                    differ += bits != BitConverter.SingleToInt32Bits(Generation.BeamState.Penalize(values[i], divisor, reciprocal)) ? 1 : 0;
                    otherDiffer += bits != BitConverter.SingleToInt32Bits(Generation.BeamState.Penalize(values[i], divisor, !reciprocal)) ? 1 : 0;
                }
            }
        }
        string Way(bool r) => r ? "× reciprocal" : "÷";
        return new CheckResult($"beam score rounding on {device}", differ == 0,
            $"{compared:N0} length-penalised scores: {differ} differ from the host's {Way(reciprocal)} ({otherDiffer} would with {Way(!reciprocal)})");
    }

    /// <summary>
    /// Host cost of one TorchSharp operation on <paramref name="device"/> (HF_TRAIN_PROFILE=1 selftest): 20,000 small
    /// out-of-place adds, in-place adds and linears in a dispose scope, timed from the first call to the end of the
    /// device's work. Small tensors make the device side negligible, so this is what the host pays per op.
    /// </summary>
    public static string OpOverhead(Device device)
    {
        const int n = 20_000;
        using var scope = NewDisposeScope();
        var x = randn([128, 512], device: device);
        var w = randn([512, 512], device: device);
        var lines = new List<string>();
        foreach (var (name, op) in new (string, Func<Tensor>)[]
                 {
                     ("add", () => x.add(x)), ("add_", () => x.add_(0.0)), ("linear", () => nn.functional.linear(x, w)),
                     ("view+transpose", () => x.view(128, 8, 64).transpose(0, 1)),
                 })
        {
            for (int i = 0; i < 1000; i++)
            {
                using var warm = NewDisposeScope();
                op();
            }
            if (device.type == DeviceType.CUDA)
                cuda.synchronize(device);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            for (int i = 0; i < n / 100; i++)
            {
                using var inner = NewDisposeScope();
                for (int j = 0; j < 100; j++)
                    op();
            }
            if (device.type == DeviceType.CUDA)
                cuda.synchronize(device);
            lines.Add($"{name} {clock.Elapsed.TotalMicroseconds / n:0.0} µs");
        }
        return "op overhead per call: " + string.Join(", ", lines);
    }

    /// <summary>Trains <paramref name="steps"/> steps in <paramref name="precision"/>: the loss must go down and the
    /// live tensor count must not grow after the first steps.</summary>
    public static IReadOnlyList<CheckResult> Training(string fixtures, Device device, Precision precision, int steps)
    {
        var tokenizer = TokenizerFactory.Load(Path.Combine(fixtures, "tiny"));
        var data = File.ReadLines(Path.Combine(fixtures, "trajectory", "train-160.jsonl")).Select(line =>
        {
            using var row = JsonDocument.Parse(line);
            string summary = row.RootElement.GetProperty("summary").GetString()!;
            return new Seq2SeqExample(tokenizer.Encode("summarize: " + row.RootElement.GetProperty("document").GetString(), 512), tokenizer.Encode(summary, 128), summary);
        }).ToList();
        string output = Directory.CreateTempSubdirectory("hf-train-selftest-").FullName;
        try
        {
            using var model = ModelRegistry.Load(Path.Combine(fixtures, "tiny"));
            model.Module.to(device);
            if (precision != Precision.Fp32)
                model.Module.to(precision.DType());
            var live = new List<long>();
            var args = new TrainingArguments
            {
                OutputDir = output, TrainBatchSize = 8, MaxSteps = steps, LearningRate = 1e-3, WarmupSteps = 2, LoggingSteps = 1,
                SaveStrategy = SaveStrategy.No, Seed = 0, TrainSamplingStrategy = SamplingStrategy.Random, Precision = precision,
            };
            var result = new Seq2SeqTrainer(model, args, new TrainerHooks
            {
                Generation = GenerationConfig.FromModelConfig(model.Tokens),
                Log = _ => live.Add(DisposeScopeManager.Statistics.ThreadTotalLiveCount),
            }, RunContext.Single).Train(data, TrainBatches.For(data, args, RunContext.Single), null);
            foreach (var t in result.MasterWeights?.Values ?? [])
                t.Dispose();
            var losses = result.State.LogHistory.Where(e => e.ContainsKey("loss")).Select(e => (double)e["loss"]!).ToList();
            double first = losses.Take(5).Average(), last = losses.TakeLast(5).Average();
            // the log callback runs once per step (logging_steps 1); skip warm-up, then the count must stay flat
            var steady = live.Skip(Math.Min(10, live.Count / 2)).ToList();
            long growth = steady.Count == 0 ? 0 : steady.Max() - steady.Min();
            return
            [
                new($"{precision.ToString().ToLowerInvariant()} training lowers the loss on {device}", last < first - 0.1,
                    $"mean loss of the first 5 steps {first:F4}, of the last 5 {last:F4}"),
                new($"live tensors flat over {steps} {precision.ToString().ToLowerInvariant()} steps on {device}", growth == 0,
                    $"live tensor count {steady.FirstOrDefault()} → {steady.LastOrDefault()} (max − min after warm-up: {growth})"),
            ];
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    /// <summary>Loads a fixture model and saves it as hf-train does (for transformers to load back elsewhere).</summary>
    public static CheckResult RoundTrip(string fixtures, string model, string outputDir)
    {
        using var t5 = ModelRegistry.Load(Path.Combine(fixtures, model));
        t5.Save(outputDir, GenerationConfig.Load(Path.Combine(fixtures, model, "generation_config.json"), t5.Tokens), null);
        TokenizerFactory.Load(Path.Combine(fixtures, model)).Save(outputDir);
        return new CheckResult($"saved {model} with hf-train", File.Exists(Path.Combine(outputDir, "model.safetensors")), outputDir);
    }

    static Tensor Matrix(JsonObject json, string key)
    {
        var rows = json[key]!.AsArray().Select(r => r!.AsArray().Select(x => x!.GetValue<long>()).ToArray()).ToArray();
        return tensor(rows.SelectMany(r => r).ToArray(), [rows.Length, rows[0].Length]);
    }

    static bool SameRows(Tensor generated, JsonObject reference, string key)
    {
        var expected = reference[key]!.AsArray().Select(r => r!.AsArray().Select(x => x!.GetValue<long>()).ToArray()).ToArray();
        long cols = generated.shape[1];
        var actual = generated.cpu().data<long>().ToArray();
        for (int r = 0; r < expected.Length; r++)
        {
            var row = actual.Skip((int)(r * cols)).Take((int)cols).ToArray();
            if (!row.Take(expected[r].Length).SequenceEqual(expected[r]))
                return false;
        }
        return true;
    }
}
