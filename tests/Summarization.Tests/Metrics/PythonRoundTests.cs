using HfTrain.Plugins.Summarization.Metrics;

namespace HfTrain.Plugins.Summarization.Tests.Metrics;

public sealed class PythonRoundTests
{
    [Theory]
    // expected values printed by CPython 3.11 round(x, n)
    [InlineData(2.675, 2, 2.67)]
    [InlineData(0.125, 2, 0.12)]
    [InlineData(90.909090909, 4, 90.9091)]
    [InlineData(83.33335, 4, 83.3333)]
    [InlineData(12.34565, 4, 12.3456)]
    [InlineData(5e-05, 4, 0.0001)]
    [InlineData(0.00015, 4, 0.0001)]
    [InlineData(1e-07, 4, 0.0)]
    [InlineData(-2.675, 2, -2.67)]
    [InlineData(100.0, 4, 100.0)]
    public void Rounds_like_python(double x, int digits, double expected) =>
        Assert.Equal(expected, PythonRound.Round(x, digits));
}
