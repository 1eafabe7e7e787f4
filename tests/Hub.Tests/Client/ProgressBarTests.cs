using HfTrain.Hub.Client;

namespace HfTrain.Hub.Tests.Client;

public sealed class ProgressBarTests
{
    [Fact]
    public void Small_files_and_no_writer_get_no_bar()
    {
        Assert.Null(ProgressBar.Start(new StringWriter(), "f", ProgressBar.MinimumBytes - 1, interactive: true));
        Assert.Null(ProgressBar.Start(null, "f", 1L << 40, interactive: true));
        Assert.Null(ProgressBar.Start(new StringWriter(), "f", null, interactive: true));
    }

    [Fact]
    public void A_redirected_stream_gets_a_plain_line_per_quarter()
    {
        var text = new StringWriter();
        long total = 100L * 1000 * 1000;
        var bar = ProgressBar.Start(text, "model.safetensors", total, interactive: false)!;
        for (long done = 0; done <= total; done += total / 100)
            bar.Report(done);
        Assert.Equal(
            ["model.safetensors:   0% 0.0/100.0 MB", "model.safetensors:  25% 25.0/100.0 MB", "model.safetensors:  50% 50.0/100.0 MB",
             "model.safetensors:  75% 75.0/100.0 MB", "model.safetensors: 100% 100.0/100.0 MB"],
            text.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain('\u001b', text.ToString());
    }

    [Fact]
    public void A_terminal_gets_one_redrawn_line_ended_once()
    {
        var text = new StringWriter();
        var bar = ProgressBar.Start(text, "w", 20L * 1000 * 1000, interactive: true)!;
        bar.Report(10L * 1000 * 1000);
        bar.Report(20L * 1000 * 1000);
        Assert.Equal("\rw:  50% 10.0/20.0 MB\rw: 100% 20.0/20.0 MB" + Environment.NewLine, text.ToString());
    }
}
