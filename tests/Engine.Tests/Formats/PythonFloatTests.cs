using HfTrain.Engine.Formats;

namespace HfTrain.Engine.Tests.Formats;

public sealed class PythonFloatTests
{
    [Theory]
    [InlineData(5e-5, "5e-05")]
    [InlineData(1e-8, "1e-08")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(1.0, "1.0")]
    [InlineData(3.0, "3.0")]
    [InlineData(28.2848, "28.2848")]
    [InlineData(-0.5, "-0.5")]
    [InlineData(1234567.0, "1234567.0")]
    [InlineData(1e16, "1e+16")]
    [InlineData(1.5e22, "1.5e+22")]
    [InlineData(0.1 + 0.2, "0.30000000000000004")]
    [InlineData(123.456, "123.456")]
    public void Repr_matches_python(double value, string expected) => Assert.Equal(expected, PythonFloat.Repr(value));

    [Theory]
    [InlineData(2.80001, "2.8000")]
    [InlineData(2.8, "2.8")]
    [InlineData(21.123456, "21.1235")]
    [InlineData(5e-5, "5e-05")]
    public void MaybeRound_matches_modelcard(double value, string expected) => Assert.Equal(expected, PythonFloat.MaybeRound(value));
}
