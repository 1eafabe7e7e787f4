namespace HfTrain.Abstractions;

/// <summary>A problem the user can fix (a bad option, column or row). The message names it and the fix; the
/// CLI prints it without a stack trace and exits with code 2.</summary>
public sealed class TaskInputException(string message) : Exception(message);
