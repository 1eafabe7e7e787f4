using HfTrain.Abstractions;

namespace HfTrain.Abstractions.Tests;

/// <summary>Defaults live in one place: hosts and plugins read them from StandardOptions.</summary>
public sealed class StandardOptionsTests
{
    [Fact]
    public void Defaults_are_read_from_the_option_list()
    {
        Assert.Equal(1024, StandardOptions.DefaultOf<int>("max_source_length"));
        Assert.Equal(128, StandardOptions.DefaultOf<int>("max_target_length"));
        Assert.Equal("main", StandardOptions.DefaultOf<string>("model_revision"));
    }

    [Fact]
    public void An_unknown_name_or_a_wrong_type_is_refused()
    {
        Assert.Throws<ArgumentException>(() => StandardOptions.DefaultOf<int>("no_such_option"));
        Assert.Throws<ArgumentException>(() => StandardOptions.DefaultOf<string>("max_source_length"));
        Assert.Throws<ArgumentException>(() => StandardOptions.DefaultOf<int>("val_max_target_length"));   // no default
    }
}
