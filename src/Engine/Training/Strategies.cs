using System.Text;

namespace HfTrain.Engine.Training;

/// <summary>eval_strategy: when to evaluate during training (transformers' IntervalStrategy).</summary>
public enum IntervalStrategy
{
    No,
    Steps,
    Epoch,
}

/// <summary>save_strategy: when to save a checkpoint (transformers' SaveStrategy).</summary>
public enum SaveStrategy
{
    No,
    Steps,
    Epoch,
    Best,
}

/// <summary>train_sampling_strategy: the order of training samples (--group_by_length is GroupByLength).</summary>
public enum SamplingStrategy
{
    Random,
    Sequential,
    GroupByLength,
}

/// <summary>The strategies under their Hugging Face names ("no", "steps", "group_by_length").</summary>
public static class StrategyNames
{
    public static string HfName<T>(this T value) where T : struct, Enum
    {
        var text = new StringBuilder();
        foreach (char c in value.ToString())
        {
            if (char.IsUpper(c) && text.Length > 0)
                text.Append('_');
            text.Append(char.ToLowerInvariant(c));
        }
        return text.ToString();
    }

    /// <summary>The value named <paramref name="name"/>, or null when it names none.</summary>
    public static T? Parse<T>(string name) where T : struct, Enum =>
        Enum.GetValues<T>().Select(v => (T?)v).FirstOrDefault(v => v!.Value.HfName() == name);

    public static IEnumerable<string> All<T>() where T : struct, Enum => Enum.GetValues<T>().Select(v => v.HfName());
}
