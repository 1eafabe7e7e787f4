using System.Text.Json.Nodes;
using HfTrain.Engine.Formats;
using HfTrain.Engine.Reporting;
using HfTrain.Engine.Training;
using HfTrain.Host.Options;

namespace HfTrain.Host.Jobs;

/// <summary>
/// What a run reports beyond the metrics files: TensorBoard events (--report_to tensorboard), the model card
/// (README.md, as Trainer.create_model_card writes it) and a plot of loss, learning rate and eval metrics.
/// </summary>
internal sealed class RunReports : IDisposable
{
    readonly TensorBoardWriter? _tensorBoard;

    /// <param name="write">false on ranks other than the main process: nothing is written.</param>
    public RunReports(ParsedOptions options, string outputDir, bool write = true)
    {
        string reportTo = write ? options.String("report_to") ?? "none" : "none";
        _tensorBoard = reportTo switch
        {
            "none" => null,
            "tensorboard" or "all" => new TensorBoardWriter(options.String("logging_dir") ?? TensorBoardWriter.DefaultLogDir(outputDir)),
            _ => throw new UsageException($"--report_to {reportTo}: hf-train reports to tensorboard (or none); other integrations are not available."),
        };
    }

    public string? TensorBoardFile => _tensorBoard?.FilePath;

    public void Log(JsonObject entry) => _tensorBoard?.Log(entry);

    /// <summary>README.md model card and training_plot.svg in <paramref name="outputDir"/>.</summary>
    public static void WriteCardAndPlot(string outputDir, string task, ParsedOptions options, TrainingArguments args, IReadOnlyList<JsonObject> logHistory)
    {
        string? model = options.String("model_name_or_path") ?? (ModelSource.IsDemo(options) ? ModelSource.StarterName : null);
        bool embedded = model == ModelSource.StarterName;
        string? dataset = options.String("dataset_name");
        string? config = options.String("dataset_config_name");
        var card = ModelCard.Render(new ModelCardInfo
        {
            // Trainer.push_to_hub names the card after the Hub repo, else after the output folder
            ModelName = options.Bool("push_to_hub") && options.String("hub_model_id") is { Length: > 0 } hubId ? hubId.Split('/')[^1]
                : Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(outputDir))),
            BaseModel = IsHubId(model) && !embedded ? model : null,
            LocalBaseModel = embedded ? model : model is not null && !IsHubId(model) ? Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(model))) : null,
            LocalBaseModelIsEmbedded = embedded,
            Task = task,
            DatasetName = dataset is null ? null : config is null ? dataset : $"{dataset} {config}",
            DatasetTag = dataset,
            DatasetArgs = config,
            Hyperparameters = ModelCardHyperparameters.From(args),
            LogHistory = logHistory,
            FrameworkVersions = FrameworkVersions.Detect(),
        });
        AtomicFile.WriteAllText(Path.Combine(outputDir, "README.md"), card);
        AtomicFile.WriteAllText(Path.Combine(outputDir, "training_plot.svg"), TrainingPlot.RenderSvg(logHistory));
    }

    /// <summary>"t5-small" or "org/name", and not an existing folder: what the Hub can link to.</summary>
    static bool IsHubId(string? model) =>
        model is not null && !Directory.Exists(model) && !Path.IsPathRooted(model) && !model.StartsWith('.') && model.Count(c => c == '/') <= 1;

    public void Dispose() => _tensorBoard?.Dispose();
}
