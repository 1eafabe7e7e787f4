using HfTrain.Abstractions;
using HfTrain.Host.Options;

namespace HfTrain.Host.Cli;

/// <summary>
/// Finds the error a user can fix (a <see cref="UsageException"/> or a plugin's <see cref="TaskInputException"/>)
/// in what a command threw, also inside the <see cref="AggregateException"/> that <c>Parallel.For</c> and PLINQ wrap
/// around it, so it prints as a message rather than as a crash with a stack trace.
/// </summary>
internal static class UserErrors
{
    /// <summary>The first user error in <paramref name="error"/> (depth-first, in order), else null.</summary>
    public static Exception? Find(Exception error) => error switch
    {
        UsageException or TaskInputException => error,
        AggregateException aggregate => aggregate.InnerExceptions.Select(Find).FirstOrDefault(e => e is not null),
        System.Reflection.TargetInvocationException { InnerException: { } inner } => Find(inner),
        _ => null,
    };
}
