using HfTrain.Engine.Training;
using HfTrain.Host.Jobs;

namespace HfTrain.Host.Tests.Jobs;

/// <summary>The live status line: plain text and the escapes written here, cut to the terminal, never wrapping.</summary>
public sealed class ProgressDisplayTests
{
    static readonly StepProgress Progress = new(29, 30, 1.16, 3.33e-6, 7.4499, 232, TimeSpan.FromSeconds(38.7));

    [Fact]
    public void A_wide_ansi_terminal_gets_every_field_with_bold_step_and_erase_to_end_of_line()
    {
        string line = ProgressDisplay.Render(Progress, new TerminalStyle(Escapes: true, Bold: true, Width: 200));
        Assert.Equal("\r\u001b[1mstep 29/30\u001b[0m 97% │ epoch 1.16 │ loss 7.4499 │ lr 3.33e-6 │ 6.0 samples/s │ ETA 00:00:01\u001b[K", line);
    }

    [Fact]
    public void No_color_keeps_the_erase_but_drops_bold()
    {
        string line = ProgressDisplay.Render(Progress, new TerminalStyle(Escapes: true, Bold: false, Width: 200));
        Assert.DoesNotContain("\u001b[1m", line);
        Assert.EndsWith("\u001b[K", line);
    }

    [Fact]
    public void A_dumb_terminal_gets_no_escape_and_spaces_over_the_previous_line()
    {
        var style = new TerminalStyle(Escapes: false, Bold: false, Width: 100);
        string line = ProgressDisplay.Render(Progress, style);
        Assert.DoesNotContain('\u001b', line);
        Assert.Equal(1 + 99, line.Length);
        Assert.DoesNotContain('\u001b', style.Clear());
    }

    [Theory]
    [InlineData(80)]
    [InlineData(40)]
    [InlineData(20)]
    [InlineData(5)]
    public void A_narrow_terminal_drops_fields_and_never_reaches_the_last_column(int width)
    {
        string line = ProgressDisplay.Render(Progress, new TerminalStyle(Escapes: true, Bold: false, Width: width));
        string visible = line.TrimStart('\r').Replace("\u001b[K", "");
        Assert.True(visible.Length <= width - 1, $"{visible.Length} columns at width {width}: {visible}");
        if (width >= 40)
        {
            Assert.Contains("loss 7.4499", visible);
            Assert.Contains("ETA", visible);
            Assert.DoesNotContain("epoch", visible);
        }
    }

    [Fact]
    public void Nothing_is_drawn_without_a_terminal_and_log_lines_pass_through()
    {
        var output = new StringWriter();
        using var display = new ProgressDisplay(null, new TerminalStyle(true, true, 80));
        display.Step(Progress with { Step = 30 });
        display.Line(output, "{'loss': 7.2859}");
        Assert.Equal("{'loss': 7.2859}" + Environment.NewLine, output.ToString());
    }

    [Fact]
    public void A_log_line_and_the_end_of_training_clear_the_status_line_first()
    {
        var terminal = new StringWriter();
        var display = new ProgressDisplay(terminal, new TerminalStyle(true, true, 120));
        display.Step(Progress with { Step = 30 });
        display.Line(terminal, "logged");
        display.Step(Progress with { Step = 30 });
        display.Dispose();
        string text = terminal.ToString();
        Assert.Contains("\r\u001b[Klogged", text);
        Assert.EndsWith("\r\u001b[K", text);
    }
}
