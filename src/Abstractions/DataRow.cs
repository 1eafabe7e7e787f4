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
            $"{Location}: column '{column}' holds a {value.GetType().Name}, expected text. " +
            "Pick a text column with --text_column/--summary_column.");
    }
}
