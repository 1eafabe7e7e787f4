namespace HfTrain.Abstractions;

/// <summary>
/// Optional for an <see cref="IExampleBuilder"/>: why it dropped a row (<see cref="IExampleBuilder.Build"/> returned
/// null), in a few words that group rows, e.g. "empty summary" or "no 'fr' key in translation". The host counts rows
/// per reason for the data report and for the error when a split ends up empty.
/// </summary>
public interface IExplainsDrops
{
    /// <summary>The reason <paramref name="row"/> was dropped; the same words for the same cause (they are counted).</summary>
    string DropReason(DataRow row);
}
