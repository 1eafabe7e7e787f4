using System.CommandLine;

namespace HfTrain.Host.Commands;

/// <summary>A command of the tool itself (env, plugins, tokenize, metrics), as opposed to a task from a plugin.</summary>
internal interface IHostCommand
{
    Command Create();
}
