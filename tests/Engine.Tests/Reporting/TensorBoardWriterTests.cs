using System.Text;
using System.Text.Json.Nodes;
using HfTrain.Engine.Reporting;

namespace HfTrain.Engine.Tests.Reporting;

public sealed class TensorBoardWriterTests : IDisposable
{
    readonly string _dir = Path.Combine(Path.GetTempPath(), "hf-train-tb-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void Writes_hf_tags_values_and_steps_readable_with_valid_crcs()
    {
        string path;
        using (var writer = new TensorBoardWriter(_dir))
        {
            writer.Log(new JsonObject { ["loss"] = 2.5, ["grad_norm"] = 1.25, ["learning_rate"] = 5e-5, ["epoch"] = 0.5, ["step"] = 10 });
            writer.Log(new JsonObject { ["eval_loss"] = 2.0, ["eval_rouge1"] = 31.75, ["eval_gen_len"] = null, ["epoch"] = 1.0, ["step"] = 20 });
            writer.Log(JsonNode.Parse("""{"train_runtime": 12.5, "total_flos": 123456, "note": "text is skipped", "epoch": 1.0, "step": 20}""")!.AsObject());
            path = writer.FilePath;
        }

        // To check it with TensorBoard's own reader: HFTRAIN_TB_SAMPLE=/some/dir dotnet test --filter TensorBoard.
        if (Environment.GetEnvironmentVariable("HFTRAIN_TB_SAMPLE") is { Length: > 0 } sample) File.Copy(path, Path.Combine(sample, Path.GetFileName(path)), true);
        Assert.Matches(@"^events\.out\.tfevents\.\d{10}\..+\.\d+\.\d+$", Path.GetFileName(path));
        var events = TfEvent.ReadAll(path);
        Assert.Equal("brain.Event:2", events[0].FileVersion);
        Assert.All(events, e => Assert.True(e.WallTime > 1.6e9));

        var scalars = events.Skip(1).Select(e => (e.Tag, e.Value, e.Step)).ToList();
        Assert.Equal(
        [
            ("train/loss", 2.5f, 10L), ("train/grad_norm", 1.25f, 10L), ("train/learning_rate", 5e-5f, 10L), ("train/epoch", 0.5f, 10L),
            ("eval/loss", 2.0f, 20L), ("eval/rouge1", 31.75f, 20L), ("eval/gen_len", float.NaN, 20L), ("train/epoch", 1.0f, 20L),
            ("train/train_runtime", 12.5f, 20L), ("train/total_flos", 123456f, 20L), ("train/epoch", 1.0f, 20L),
        ], scalars);
    }

    [Fact]
    public void Entries_are_on_disk_before_dispose()
    {
        using var writer = new TensorBoardWriter(_dir);
        writer.Log(new JsonObject { ["loss"] = 1.0, ["step"] = 3 });
        using var read = new FileStream(writer.FilePath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var copy = new MemoryStream();
        read.CopyTo(copy);
        var copyPath = Path.Combine(_dir, "copy");
        File.WriteAllBytes(copyPath, copy.ToArray());
        Assert.Equal(("train/loss", 1.0f, 3L), TfEvent.ReadAll(copyPath).Skip(1).Select(e => (e.Tag!, e.Value!.Value, e.Step)).Single());
    }

    [Fact]
    public void Two_writers_in_one_directory_get_separate_files()
    {
        using var a = new TensorBoardWriter(_dir);
        using var b = new TensorBoardWriter(_dir);
        Assert.NotEqual(a.FilePath, b.FilePath);
    }

    [Fact]
    public void An_unusable_logging_dir_is_a_user_error_naming_the_option()
    {
        var file = Path.Combine(_dir, "not-a-dir");
        Directory.CreateDirectory(_dir);
        File.WriteAllText(file, "");
        var e = Assert.Throws<HfTrain.Abstractions.TaskInputException>(() => new TensorBoardWriter(Path.Combine(file, "runs")));
        Assert.Contains("--logging_dir", e.Message);
    }

    [Fact]
    public void Crc32c_matches_the_standard_check_value()
    {
        var check = Encoding.ASCII.GetBytes("123456789");
        Assert.Equal(0xE3069283u, TfRecord.Crc32C(check));
        Assert.Equal(0xE3069283u, TfEvent.Crc32C(check));
    }

    [Fact]
    public void Default_log_dir_is_hf_runs_date_host()
    {
        var dir = TensorBoardWriter.DefaultLogDir("out", new DateTime(2026, 11, 27, 9, 5, 3), "box");
        Assert.Equal(Path.Combine("out", "runs", "Nov27_09-05-03_box"), dir);
    }
}
