using System.Text.Json;
using HfTrain.Abstractions;
using HfTrain.Engine.Models;
using HfTrain.Engine.Models.T5;
using HfTrain.Engine.Runs;
using HfTrain.Engine.Training;
using HfTrain.Tokenization;

namespace HfTrain.Engine.Tests.Training;

/// <summary>The tiny fixture model and the 160 Debian rows of the reference trajectory, tokenized as run_summarization does.</summary>
internal static class TrainingFixture
{
    public static string Dir(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    public static IReadOnlyList<Seq2SeqExample> Examples(int count = 160)
    {
        var tokenizer = T5Tokenizer.Load(Dir("tiny"));
        return File.ReadLines(Path.Combine(Dir("trajectory"), "train-160.jsonl")).Take(count).Select(line =>
        {
            using var row = JsonDocument.Parse(line);
            string document = row.RootElement.GetProperty("document").GetString()!;
            string summary = row.RootElement.GetProperty("summary").GetString()!;
            return new Seq2SeqExample(tokenizer.Encode("summarize: " + document, 512), tokenizer.Encode(summary, 128), summary);
        }).ToList();
    }

    public static TrainingArguments Arguments(string outputDir) => new()
    {
        OutputDir = outputDir,
        TrainBatchSize = 8,
        MaxSteps = 20,
        LearningRate = 1e-3,
        WarmupSteps = 2,
        WeightDecay = 0.01,
        LoggingSteps = 1,
        SaveStrategy = SaveStrategy.No,
        Seed = 0,
        TrainSamplingStrategy = SamplingStrategy.Sequential,
    };

    public static TrainResult Train(T5ForConditionalGeneration model, TrainingArguments args, IReadOnlyList<Seq2SeqExample> data,
        string? resumeFrom = null, CancellationToken stop = default, List<string>? log = null, RunContext? run = null) =>
        new Seq2SeqTrainer(model, args, new TrainerHooks
        {
            Generation = GenerationConfig.FromModelConfig(model.Tokens),
            Log = line => log?.Add(line),
            Stop = stop,
        }, run ?? RunContext.Single).Train(data, TrainBatches.For(data, args, run ?? RunContext.Single), resumeFrom);
}
