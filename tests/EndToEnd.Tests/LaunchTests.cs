namespace HfTrain.EndToEnd.Tests;

/// <summary>
/// <c>hf-train launch</c> from the installed tool: each rank is the installed tool itself, a descendant of the
/// launcher with the task on its command line; SIGTERM saves a checkpoint on the world and exits 130.
/// </summary>
[Collection(nameof(InstalledTool))]
public sealed class LaunchTests(InstalledTool tool)
{
    [Fact]
    public void Each_rank_of_the_installed_tool_sees_its_place_in_the_world()
    {
        var (code, output, error) = tool.Run(["launch", "--nproc_per_node", "2", "env"]);
        Assert.True(code == 0, error);
        Assert.Contains("- Launcher: torchrun (rank 0 of 2, local rank 0 of 2", output);
        Assert.Contains("[rank1]: - Launcher: torchrun (rank 1 of 2, local rank 1 of 2", output);
        Assert.Contains("launch: 2 processes of a world of 2 (machine 0, backend mpi", error);
    }

    [Fact]
    public void Sigterm_on_a_launched_training_saves_a_checkpoint_on_every_rank_and_exits_130()
    {
        string output = tool.NewFolder("launch-sigterm");
        using var run = tool.Start(["launch", "--nproc_per_node", "2", "summarization", "--do_train", "--max_steps", "500",
            "--logging_steps", "1", "--output_dir", output]);
        run.WaitUntil(() => run.Output.Contains("'loss'"), TimeSpan.FromMinutes(3), "the first logged loss");
        // the ranks: the tool with the task on its command line, below the launcher
        var ranks = Descendants(run.Process.Id).Where(pid => CommandLine(pid).Contains("summarization") && !CommandLine(pid).Contains(" launch ")
            && !CommandLine(pid).Contains("mpirun") && !CommandLine(pid).StartsWith("sh ", StringComparison.Ordinal)).ToList();
        Assert.True(ranks.Count == 2, $"rank processes: {string.Join("; ", ranks.Select(CommandLine))}");
        Assert.All(ranks, pid => Assert.Contains("hf-train", CommandLine(pid)));
        System.Diagnostics.Process.Start("kill", ["-TERM", run.Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
        Assert.Equal(130, run.WaitForExit(TimeSpan.FromMinutes(3)));
        Assert.NotEmpty(Directory.GetDirectories(output, "checkpoint-*"));
        Assert.Contains("[rank1]: SIGTERM: saving a checkpoint", run.Output);
        Assert.All(ranks, pid => Assert.False(File.Exists($"/proc/{pid}/cmdline") && CommandLine(pid).Contains("summarization"), $"rank {pid} outlived the launcher"));
    }

    static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        }
        catch (IOException)
        {
            return "";
        }
    }

    static List<int> Descendants(int root)
    {
        var parents = new Dictionary<int, int>();
        foreach (string folder in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), out int pid))
                continue;
            try
            {
                string stat = File.ReadAllText(Path.Combine(folder, "stat"));
                parents[pid] = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
                // ended meanwhile
            }
        }
        var found = new List<int>();
        var frontier = new Queue<int>([root]);
        while (frontier.TryDequeue(out int parent))
        {
            foreach (var (pid, ppid) in parents.Where(p => p.Value == parent))
            {
                found.Add(pid);
                frontier.Enqueue(pid);
            }
        }
        return found;
    }
}
