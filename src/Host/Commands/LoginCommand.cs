using System.CommandLine;
using HfTrain.Host.Options;
using HfTrain.Hub.Client;

namespace HfTrain.Host.Commands;

/// <summary>
/// <c>hf-train login [--token T]</c>, as <c>hf auth login</c>: the token is checked with <c>/api/whoami-v2</c> first
/// (a refused token writes nothing), then saved under its name in <c>$HF_HOME/stored_tokens</c> and made the active
/// one in <c>$HF_TOKEN_PATH</c> (mode 0600). Without --token it is read from standard input, not echoed.
/// </summary>
internal sealed class LoginCommand(HubEnvironment hub) : IHostCommand
{
    public Command Create()
    {
        var token = new Option<string?>("--token") { Description = "The access token (hf_...). Read from standard input when omitted.", HelpName = "token" };
        var command = new Command("login", "Check a Hugging Face access token and save it ($HF_HOME/token and stored_tokens), as `hf auth login`.") { token };
        command.SetAction(async (result, cancel) =>
        {
            TextWriter output = result.InvocationConfiguration.Output;
            string value = result.GetValue(token) is { Length: > 0 } given ? given.Trim()
                : hub.Input is { } input ? input.ReadLine()?.Trim() ?? "" : Prompt(output);
            if (value.Length == 0)
                throw new UsageException($"login: no token given. Pass --token hf_... (create one at {hub.Settings.Endpoint}/settings/tokens).");
            HubSettings settings = hub.Settings;
            using var http = hub.Http(value);
            HubUser user = await new HubAccount(http).WhoAmIAsync(cancel).ConfigureAwait(false);
            string name = user.TokenName is { Length: > 0 } n ? n : "hf-train";
            TokenStore.Save(settings, name, value);
            output.WriteLine($"Token is valid (permission: {user.TokenRole ?? "unknown"}).");
            output.WriteLine($"The token `{name}` has been saved to {settings.StoredTokensPath}");
            output.WriteLine($"Your token has been saved to {settings.TokenPath}");
            output.WriteLine($"Login successful: logged in as {user.Name}. The current active token is: `{name}`");
            if (settings.EnvironmentToken is not null && settings.EnvironmentToken != value)
                output.WriteLine("Note: HF_TOKEN is set and takes precedence over the saved token; unset it to use this one.");
            return ExitCodes.Ok;
        });
        return command;
    }

    static string Prompt(TextWriter output)
    {
        if (Console.IsInputRedirected)
            return Console.In.ReadLine()?.Trim() ?? "";
        output.Write("Enter your token (input will not be visible): ");
        var typed = new System.Text.StringBuilder();
        for (ConsoleKeyInfo key; (key = Console.ReadKey(intercept: true)).Key != ConsoleKey.Enter;)
        {
            if (key.Key == ConsoleKey.Backspace && typed.Length > 0)
                typed.Length--;
            else if (!char.IsControl(key.KeyChar))
                typed.Append(key.KeyChar);
        }
        output.WriteLine();
        return typed.ToString().Trim();
    }
}
