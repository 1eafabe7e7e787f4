using Snapshooter.Xunit;

namespace HfTrain.Host.Tests.Hub;

/// <summary>The Hub commands' help is user interface: a snapshot makes every change visible in review.</summary>
public sealed class HubHelpTests
{
    [Fact]
    public async Task Hub_commands_have_help()
    {
        await using var hub = new HubHost();
        var text = new List<string>();
        foreach (string command in new[] { "login", "logout", "whoami", "download", "upload" })
        {
            var (code, output, _) = hub.Run(command, "--help");
            Assert.Equal(0, code);
            text.AddRange(output.Replace("\r", "").Split('\n'));
        }
        Snapshot.Match(text);
    }
}
