namespace HfTrain.Distributed.Tests;

/// <summary>A rank that fails while the others wait in a collective ends the whole job, naming the rank, instead of
/// leaving the others blocked: the failing rank leaves without MPI_Finalize and mpirun ends the rest.</summary>
public sealed class FailingRankTests
{
    [Fact]
    public void A_rank_that_fails_ends_the_job_with_a_non_zero_exit_naming_it()
    {
        string root = Directory.CreateTempSubdirectory("hf-train-fail-").FullName;
        try
        {
            // rank 1 reads a training file that does not exist (after rank 0 has loaded its data and entered training)
            var (code, output) = HfTrainRun.World(HfTrainRun.Training(batchSize: 4),
                ["--output_dir", Path.Combine(root, "out")],
                ["--output_dir", Path.Combine(root, "spare"), "--train_file", Path.Combine(root, "missing.jsonl")]);
            Assert.NotEqual(0, code);
            Assert.Contains("missing.jsonl", output);
            Assert.Matches(@"(?s)rank 1|\[\[\d+,\d+\],1\]", output);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
