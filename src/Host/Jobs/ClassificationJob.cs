using TorchSharp;
using HfTrain.Abstractions;
using HfTrain.Engine.Evaluation;
using HfTrain.Engine.Models;
using HfTrain.Engine.Native;
using HfTrain.Engine.Registry;
using HfTrain.Engine.Runs;
using HfTrain.Engine.Training;
using HfTrain.Host.Options;
using HfTrain.Tokenization;

namespace HfTrain.Host.Jobs;

/// <summary>
/// main() of run_classification.py for a plugin whose head is <see cref="ModelHead.SequenceClassification"/>: the
/// label list, the model with its classification head (a seq2seq checkpoint gets a fresh one), train → evaluate →
/// predict with the shared trainer, and the files HF writes (plus a confusion matrix of the evaluation). Under a
/// launcher every rank trains on its share of the batches and evaluates its share; only rank 0 writes.
/// </summary>
internal sealed class ClassificationJob(ITaskPlugin plugin, ParsedOptions options, TextWriter output, TextWriter error, RunContext? world = null)
{
    readonly string _task = plugin.Descriptor.Name;
    readonly RunContext run = world ?? RunContext.Single;
    readonly RunLog log = new((world ?? RunContext.Single).IsMainProcess ? output : TextWriter.Null, error, RunLog.Parse(options.String("log_level")));

    public int Run()
    {
        bool train = options.Bool("do_train"), eval = options.Bool("do_eval"), predict = options.Bool("do_predict");
        if (options.Bool("dry_run"))
            throw new UsageException($"--dry_run is not available for the {_task} task yet.");
        var args = TrainingArgumentsBinder.Bind(options);
        if (args.PredictWithGenerate)
            throw new UsageException("--predict_with_generate: a classifier predicts labels, it does not generate; leave it out.");
        if (ModelSource.IsDemo(options))
            throw new UsageException("Need --model_name_or_path (or --config_name with --tokenizer_name) for the classification task.");
        CheckSplits(train, eval, predict, args.EvalStrategy);
        DataOptionRules.Check(options, args.EvalStrategy, embedded: false);
        using var outputFolder = run.IsMainProcess ? OutputFolder.Claim(args.OutputDir) : null;
        string? resume = run.FromMainProcess(train && run.IsMainProcess ? Seq2SeqJob.ResumePoint(options, args, log) : null);

        var source = ModelSource.Resolve(options);
        log.Info($"Model: {source.Description}.");
        IModelTokenizer tokenizer = source.LoadTokenizer();
        var context = new TaskContext(options, tokenizer, log.Warning);
        IExampleBuilder builder = plugin.CreateExampleBuilder(context with { Options = new TaskOptionView(options, plugin.Options.Select(o => o.Name), _task) });
        ExampleSet? Load(bool wanted, DataSplit split, string option)
        {
            if (!wanted)
                return null;
            var set = run.MainProcessFirst(() => ExampleSet.Load(split, plugin, option, options, builder, tokenizer.SourceFiles, useCache: true,
                split == DataSplit.Train && options["shuffle_train_dataset"] is true ? rows => Shuffled(rows, options.Int("shuffle_seed") ?? 42) : null));
            log.Info($"{split} data: {set.Examples.Count:N0} examples from {set.Source}" +
                     (set.Dropped.Count > 0 ? $" ({set.Dropped.Values.Sum()} rows dropped: {string.Join(", ", set.Dropped.Select(d => $"{d.Value} {d.Key}"))})" : ""));
            return set;
        }
        var trainSet = Load(train, DataSplit.Train, "--do_train");
        var evalSet = Load(eval || (train && args.EvalStrategy != IntervalStrategy.No), DataSplit.Validation, "--do_eval");
        var predictSet = Load(predict, DataSplit.Test, "--do_predict");

        var task = plugin as IClassificationTask;
        var modelLabels = source.Blueprint.ClassifierLabels;
        string problem = ClassificationLabelMap.ProblemType(task is null ? ClassifierLabels.SingleLabel : task.ProblemType(context), trainSet?.Examples, modelLabels);
        log.Info($"Problem type: {problem}.");
        var others = new[] { ("validation", evalSet), ("test", predictSet) }.Where(s => s.Item2 is not null).Select(s => (s.Item1, s.Item2!.Examples.Select(e => e.Reference)));
        var names = task?.Labels(context)
                    ?? (trainSet is not null ? ClassificationLabelMap.Collect(problem, trainSet.Examples.Select(e => e.Reference), others, log.Warning) : modelLabels?.Names)
                    ?? throw new TaskInputException("No label list: train with --do_train (the labels come from the training split) or give a classifier's folder as --model_name_or_path.");
        var map = new ClassificationLabelMap(new ClassifierLabels(names, problem));
        log.Info($"Labels ({names.Count}): {string.Join(", ", names)}.");
        var trainExamples = trainSet is null ? null : map.Apply(trainSet.Examples, "train", labelsRequired: true);
        var evalExamples = evalSet is null ? null : map.Apply(evalSet.Examples, "validation", labelsRequired: true);
        var predictExamples = predictSet is null ? null : map.Apply(predictSet.Examples, "test", labelsRequired: false);

        var device = TorchDevice.Select(options.Bool("use_cpu"), run.LocalRank);
        log.Info($"Device: {device.Description}; precision: {args.Precision.ToString().ToLowerInvariant()}.");
        if (run.Collectives is { } collectives)
            log.Info($"World: {run.WorldSize} processes, backend {collectives.Backend}: {collectives.Description}.");
        TorchSharp.torch.manual_seed(args.Seed);                                   // set_seed before the model is made
        using var model = source.WeightsDir is not null
            ? ModelRegistry.LoadClassifier(source.WeightsDir, map.Labels, log.Warning)
            : (source.Blueprint.CreateClassifier ?? throw new TaskInputException("This model family has no classification head."))(map.Labels);
        model.Module.to(device.Device);
        if (args.Precision != Precision.Fp32)
            model.Module.to(args.Precision.DType());
        var evaluator = new ClassificationEvaluator(model, args.EvalBatchSize, args.Collator(model.Tokens.PadTokenId), problem, run.Tensors);
        var scorer = new ClassificationScorer(map, plugin.CreateMetric(context));
        void WriteTokenizer(string dir) => tokenizer.Save(dir);

        using var reports = new RunReports(options, args.OutputDir, write: run.IsMainProcess);
        using var push = HubPush.Start(options, args.OutputDir, run.IsMainProcess, log);
        var logHistory = new List<System.Text.Json.Nodes.JsonObject>();
        if (trainExamples is not null)
        {
            var hooks = new TrainerHooks
            {
                WriteTokenizer = WriteTokenizer,
                Generation = GenerationConfig.FromModelConfig(model.Tokens),      // not written: a classifier has none
                Evaluate = evalExamples is null || args.EvalStrategy == IntervalStrategy.No ? null
                    : () => evaluator.Run(evalExamples, "eval", scorer).Metrics,
                OnLogEntry = reports.Log,
                OnSave = push is null ? null : push.OnSave,
            };
            var trained = new TrainingStage(options, args, run, log, output, error).Train(model, trainExamples, resume, hooks,
                savedGeneration: null, source.Description);       // a classifier has no generation config
            if (trained is null)
                return 130;
            logHistory.AddRange(trained.LogHistory);
        }
        if (evalExamples is not null && eval)
        {
            var evaluated = evaluator.Run(evalExamples, "eval", scorer);
            var metrics = new Dictionary<string, double>(evaluated.Metrics) { ["eval_samples"] = evalExamples.Count };
            log.Always(ResultFiles.Format("eval", metrics));
            if (run.IsMainProcess)
                ResultFiles.SaveMetrics(args.OutputDir, "eval", metrics);
            if (run.IsMainProcess && problem == ClassifierLabels.SingleLabel)
            {
                var counts = ConfusionMatrixFiles.Count(evalExamples.Select(e => e.Labels[0]).ToList(), evaluated.Predictions!.Select(p => p[0]).ToList(), names.Count);
                var (csv, svg) = ConfusionMatrixFiles.Write(args.OutputDir, names, counts);
                log.Info($"Confusion matrix: {csv}, {svg}");
            }
            var entry = new System.Text.Json.Nodes.JsonObject();
            foreach (var (key, value) in evaluated.Metrics)
                entry[key] = value;
            logHistory.Add(entry);
            reports.Log(entry);
        }
        if (predictExamples is not null)
        {
            // run_classification removes the label column before predict: predictions only, no metrics
            var result = evaluator.Run(predictExamples, "predict", null, withLabels: false);
            if (run.IsMainProcess)
            {
                string path = Path.Combine(args.OutputDir, "predict_results.txt");
                var lines = result.Predictions!.Select((p, index) => $"{index}\t{map.PredictionText(p)}\n");
                HfTrain.Engine.Formats.AtomicFile.WriteAllText(path, "index\tprediction\n" + string.Concat(lines));
                log.Info($"Predict results saved at {path}");
            }
        }
        if (trainExamples is not null && run.IsMainProcess)
        {
            RunReports.WriteCardAndPlot(args.OutputDir, _task, options, args, logHistory);
            log.Info($"Model card and training plot: {Path.Combine(args.OutputDir, "README.md")}, {Path.Combine(args.OutputDir, "training_plot.svg")}");
        }
        push?.Finish(args.OutputDir);
        return ExitCodes.Ok;
    }

    /// <summary>--shuffle_train_dataset: the training rows in a seeded random order before max_train_samples takes the
    /// first ones, as the script shuffles raw_datasets["train"] (the same idea; not numpy's permutation).</summary>
    internal static IReadOnlyList<T> Shuffled<T>(IReadOnlyList<T> rows, int seed)
    {
        var order = rows.ToArray();
        new Random(seed).Shuffle(order);
        return order;
    }

    /// <summary>--remove_splits: a split left out cannot be asked for.</summary>
    void CheckSplits(bool train, bool eval, bool predict, IntervalStrategy evalStrategy)
    {
        var removed = (options.String("remove_splits") ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet();
        foreach (var (split, wanted, option) in new[] { ("train", train, "--do_train"), ("validation", eval || evalStrategy != IntervalStrategy.No, "--do_eval/--eval_strategy"), ("test", predict, "--do_predict") })
            if (wanted && removed.Contains(split))
                throw new UsageException($"--remove_splits removes '{split}', which {option} needs.");
    }
}
