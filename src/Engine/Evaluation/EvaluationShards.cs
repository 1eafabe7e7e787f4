using HfTrain.Engine.Runs;

namespace HfTrain.Engine.Evaluation;

/// <summary>
/// Evaluation and prediction across the ranks of a run: rank r evaluates batches r, r+W, r+2W, … of the pass (the same
/// batches one process forms, so every example's loss and generation is what one process computes), then every
/// rank's per-example results are all-gathered into dataset order and the metrics are computed from the whole set —
/// the same numbers, and the same generated_predictions.txt, as one process.
/// </summary>
internal static class EvaluationShards
{
    /// <summary>The batch indices of this rank (all of them in a run of one process).</summary>
    public static IReadOnlyList<int> Mine(int batchCount, TensorCollectives? world) =>
        Enumerable.Range(0, batchCount).Where(i => world is null || i % world.WorldSize == world.Rank).ToList();

    /// <summary>Fills the other ranks' examples into the arrays (indexed by example) from their gathered results.</summary>
    /// <param name="examples">the example indices this rank computed.</param>
    public static void Gather(TensorCollectives world, IEnumerable<int> examples, double[] exampleLoss, int[] exampleTokens, int[][]? predictions)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            foreach (int i in examples)
            {
                writer.Write(i);
                writer.Write(exampleLoss[i]);
                writer.Write(exampleTokens[i]);
                int[] row = predictions?[i] ?? [];
                writer.Write(row.Length);
                foreach (int id in row)
                    writer.Write(id);
            }
        }
        byte[][] all = world.AllGather(buffer.ToArray());
        for (int rank = 0; rank < all.Length; rank++)
        {
            if (rank == world.Rank)
                continue;
            using var reader = new BinaryReader(new MemoryStream(all[rank]));
            while (reader.BaseStream.Position < reader.BaseStream.Length)
            {
                int i = reader.ReadInt32();
                exampleLoss[i] = reader.ReadDouble();
                exampleTokens[i] = reader.ReadInt32();
                var row = new int[reader.ReadInt32()];
                for (int j = 0; j < row.Length; j++)
                    row[j] = reader.ReadInt32();
                predictions?[i] = row;
            }
        }
    }
}
