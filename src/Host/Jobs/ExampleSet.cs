using System.Collections.Concurrent;
using HfTrain.Abstractions;
using HfTrain.Data;
using HfTrain.Data.Batching;
using HfTrain.Data.Caching;
using HfTrain.Data.Files;
using HfTrain.Data.Reporting;
using HfTrain.Data.Samples;
using HfTrain.Host.Options;

namespace HfTrain.Host.Jobs;

/// <summary>One split turned into examples by the task plugin: the rows read, the examples kept, and why rows were dropped.</summary>
internal sealed record ExampleSet(DataSplit Split, string Source, int Rows, IReadOnlyList<Seq2SeqExample> Examples, IReadOnlyDictionary<string, int> Dropped)
{
    /// <summary>
    /// Reads the split (file, --dataset_name or the embedded sample), applies --max_*_samples, and builds examples
    /// with the plugin (in parallel with --preprocessing_num_workers; order kept). Tokenized results are cached on
    /// disk under <see cref="ExampleCacheKey"/>: the plugin's code, the data, the task's options and the tokenizer files
    /// (--overwrite_cache rebuilds). <paramref name="arrange"/> reorders the rows before the sample limit (a task's
    /// --shuffle_train_dataset); it must depend only on the task's options, which the cache key holds.
    /// </summary>
    public static ExampleSet Load(DataSplit split, ITaskPlugin plugin, string option, ParsedOptions o, IExampleBuilder builder,
        IReadOnlyList<string> tokenizerFiles, bool useCache, Func<IReadOnlyList<DataRow>, IReadOnlyList<DataRow>>? arrange = null)
    {
        TaskDescriptor task = plugin.Descriptor;
        var inputs = new DatasetOptions(o.String("dataset_name"), o.String("dataset_config_name"),
            o.String("train_file"), o.String("validation_file"), o.String("test_file"));
        DatasetFile file = HubDatasetFiles.Load(inputs, split, option, o.String("token")) ?? DatasetInputs.Load(inputs, split, task.Name, option);
        string limitOption = split switch
        {
            DataSplit.Train => "max_train_samples",
            DataSplit.Validation => "max_eval_samples",
            _ => "max_predict_samples",
        };
        var rows = SampleLimit.Take(arrange is null ? file.Rows : arrange(file.Rows), o.Int(limitOption), "--" + limitOption);
        builder.ValidateColumns(file.Columns, file.Path);

        var dropped = new ConcurrentDictionary<string, int>();
        IReadOnlyList<Seq2SeqExample> Build()
        {
            var built = new Seq2SeqExample?[rows.Count];
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, o.Int("preprocessing_num_workers") ?? 1) };
            Parallel.For(0, rows.Count, parallel, i => built[i] = builder.Build(rows[i], split));
            for (int i = 0; i < built.Length; i++)
            {
                if (built[i] is null)
                    dropped.AddOrUpdate(builder is IExplainsDrops explains ? explains.DropReason(rows[i]) : "empty text or target", 1, (_, n) => n + 1);
            }
            return built.Where(e => e is not null).Select(e => e!).ToList();
        }

        if (!useCache)
            return NotEmpty(new ExampleSet(split, file.Path, rows.Count, Build(), dropped), option);
        string key = ExampleCacheKey.Compute(task, CodeIdentity.OfPlugin(plugin), split, file.Path, rows.Count, o, plugin.Options.Select(t => t.Name), tokenizerFiles);
        var cache = new TokenizedCache(TokenizedCache.DefaultFolder(Environment.GetEnvironmentVariable));
        var examples = cache.GetOrCreate(key, split.ToString().ToLowerInvariant(), o.Bool("overwrite_cache"), Build);
        int droppedRows = rows.Count - examples.Count;
        if (droppedRows > 0 && dropped.IsEmpty)
            dropped["empty text or target (cached)"] = droppedRows;
        return NotEmpty(new ExampleSet(split, file.Path, rows.Count, examples, dropped), option);
    }

    /// <summary>A split without examples would train zero steps or divide by zero in the metrics: say so, and why.</summary>
    static ExampleSet NotEmpty(ExampleSet set, string option)
    {
        if (set.Examples.Count > 0)
            return set;
        string name = set.Split switch { DataSplit.Train => "training", DataSplit.Validation => "validation", _ => "test" };
        throw new TaskInputException(set.Rows == 0
            ? $"the {name} data ({set.Source}, for {option}) is empty: it has no rows. Give a file with rows, or leave out {option}."
            : $"the {name} data ({set.Source}, for {option}) is empty after preprocessing: every one of its {set.Rows} row(s) was dropped " +
              $"({string.Join("; ", set.Dropped.OrderByDescending(d => d.Value).Select(d => $"{d.Value}: {d.Key}"))}). A row is dropped when its text or target is empty or missing, " +
              "e.g. an empty summary, or a translation without the --source_lang/--target_lang key; check the column names and language codes.");
    }

    public SplitSummary Summary(int maxSource, int maxTarget) =>
        new(Split.ToString().ToLowerInvariant(), Rows, Dropped, Examples, maxSource, maxTarget);
}
