namespace HfTrain.Abstractions;

/// <summary>
/// One row of a dataset: column name → value. Values are <see cref="string"/>, <see cref="long"/>,
/// <see cref="double"/>, <see cref="bool"/>, null, or a nested <see cref="DataRow"/> (e.g. the
/// <c>translation</c> column <c>{"en": …, "de": …}</c>). <paramref name="Location"/> names the file and line/row
/// for error messages.
/// </summary>
public sealed record DataRow(IReadOnlyDictionary<string, object?> Values, string Location)
{
    /// <summary>The value of <paramref name="column"/> as text, or a <see cref="TaskInputException"/> naming the
    /// row when it is not a string (null stays null: the caller drops such rows).</summary>
    public string? Text(string column)
    {
        if (!Values.TryGetValue(column, out var value) || value is null)
            return null;
        return value as string ?? throw new TaskInputException(
            $"{Location}: column '{column}' holds {Describe(value)}, expected text. " +
            "Pick a text column with --text_column/--summary_column.");
    }

    /// <summary>A value as the data file spells its kind (JSON's words), not as .NET names the type.</summary>
    static string Describe(object value) => value switch
    {
        bool b => b ? "true" : "false",
        long or int or double or float or decimal => $"the number {Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)}",
        DataRow => "an object",
        byte[] => "binary data",
        System.Collections.IEnumerable => "a list",
        _ => $"a {value.GetType().Name}",
    };
}
