using System.CommandLine;
using HfTrain.Host.Options;
using HfTrain.Hub.Client;

namespace HfTrain.Host.Commands;

/// <summary><c>hf-train logout</c>: removes the active token file and stored_tokens, as <c>hf auth logout</c>.</summary>
internal sealed class LogoutCommand(HubEnvironment hub) : IHostCommand
{
    public Command Create()
    {
        var command = new Command("logout", "Remove the saved Hugging Face tokens ($HF_HOME/token and stored_tokens).");
        command.SetAction(result =>
        {
            HubSettings settings = hub.Settings;
            TextWriter output = result.InvocationConfiguration.Output;
            output.WriteLine(TokenStore.Clear(settings) ? "Successfully logged out." : "Not logged in: no saved token.");
            if (settings.EnvironmentToken is not null)
                output.WriteLine("Note: HF_TOKEN is still set in the environment; unset it to stop using that token.");
            return ExitCodes.Ok;
        });
        return command;
    }
}
