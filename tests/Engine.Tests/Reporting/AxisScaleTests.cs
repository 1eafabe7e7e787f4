using HfTrain.Engine.Reporting;

namespace HfTrain.Engine.Tests.Reporting;

public sealed class AxisScaleTests
{
    [Fact]
    public void Nice_ticks_cover_the_data()
    {
        var axis = AxisScale.Covering([1.37, 4.82]);
        Assert.Equal([1.0, 2.0, 3.0, 4.0, 5.0], axis.Ticks);
        Assert.Equal(0.0, axis.Map(1.0, 0, 100));
        Assert.Equal(100.0, axis.Map(5.0, 0, 100));
    }

    [Fact]
    public void Labels_keep_the_decimals_a_quarter_step_needs_and_use_exponents_for_learning_rates()
    {
        var quarter = AxisScale.Covering([1.5, 2.5]);
        Assert.Equal(["1.50", "1.75", "2.00", "2.25", "2.50"], quarter.Ticks.Select(quarter.Label));
        var lr = AxisScale.Covering([0.0, 5e-4]);
        Assert.Equal(["0", "2e-4", "4e-4", "6e-4"], lr.Ticks.Select(lr.Label));
    }

    [Fact]
    public void Step_axes_tick_whole_numbers_only()
    {
        var single = AxisScale.Covering([1.0], integers: true);
        Assert.Equal([0.0, 1.0, 2.0], single.Ticks);
        Assert.All(AxisScale.Covering([1.0, 3.0], integers: true).Ticks, t => Assert.Equal(Math.Round(t), t));
    }
}
