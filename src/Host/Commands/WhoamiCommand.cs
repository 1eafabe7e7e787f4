using System.CommandLine;
using HfTrain.Host.Options;
using HfTrain.Hub.Client;

namespace HfTrain.Host.Commands;

/// <summary><c>hf-train whoami</c>: the user name of the active token on the first line, then its organizations.</summary>
internal sealed class WhoamiCommand(HubEnvironment hub) : IHostCommand
{
    public Command Create()
    {
        var command = new Command("whoami", "Print the Hugging Face user of the active token (HF_TOKEN, else the saved one).");
        command.SetAction(async (result, cancel) =>
        {
            using var http = hub.Http();
            HubUser user = await new HubAccount(http).WhoAmIAsync(cancel).ConfigureAwait(false);
            TextWriter output = result.InvocationConfiguration.Output;
            output.WriteLine(user.Name);
            if (user.Organizations.Count > 0)
                output.WriteLine($"orgs: {string.Join(",", user.Organizations)}");
            output.WriteLine($"endpoint: {http.Settings.Endpoint}");
            string source = http.Settings.EnvironmentToken is not null ? "HF_TOKEN" : http.Settings.TokenPath;
            output.WriteLine($"token: {TokenStore.Mask(http.Token)} ({user.TokenName ?? "unnamed"}, from {source})");
            return ExitCodes.Ok;
        });
        return command;
    }
}
