using System.Globalization;
using System.Text;

namespace HfTrain.Distributed.Workers;

/// <summary>
/// Slurm's compressed host lists as <c>scontrol show hostnames</c> expands them: <c>node[01-03,7]</c> →
/// node01 node02 node03 node7 (a range keeps the zero padding of its start), <c>a,b[1-2]</c> → a b1 b2, and several
/// bracket groups in one name multiply out (<c>r[1-2]n[1-2]</c> → r1n1 r1n2 r2n1 r2n2).
/// </summary>
public static class SlurmNodeList
{
    public static IReadOnlyList<string> Expand(string list)
    {
        var hosts = new List<string>();
        foreach (string name in SplitTopLevel(list))
            hosts.AddRange(ExpandName(name));
        return hosts;
    }

    /// <summary>Commas outside brackets separate host names.</summary>
    static IEnumerable<string> SplitTopLevel(string list)
    {
        int depth = 0, start = 0;
        for (int i = 0; i <= list.Length; i++)
        {
            if (i == list.Length || (list[i] == ',' && depth == 0))
            {
                if (i > start)
                    yield return list[start..i].Trim();
                start = i + 1;
            }
            else if (list[i] == '[')
                depth++;
            else if (list[i] == ']')
                depth = Math.Max(0, depth - 1);
        }
    }

    static IEnumerable<string> ExpandName(string name)
    {
        int open = name.IndexOf('[');
        if (open < 0)
            return [name];
        int close = name.IndexOf(']', open);
        if (close < 0)
            throw new WorkerEnvironmentException($"SLURM_JOB_NODELIST: '{name}' has '[' without ']'.");
        string prefix = name[..open];
        var rest = ExpandName(name[(close + 1)..]).ToList();
        var values = new List<string>();
        foreach (string part in name[(open + 1)..close].Split(','))
        {
            string[] bounds = part.Split('-');
            if (bounds.Length == 1)
                values.Add(bounds[0]);
            else if (bounds.Length == 2 && Parse(bounds[0], name) is var low && Parse(bounds[1], name) is var high && low <= high)
            {
                for (long v = low; v <= high; v++)
                    values.Add(v.ToString(CultureInfo.InvariantCulture).PadLeft(bounds[0].Length, '0'));
            }
            else
                throw new WorkerEnvironmentException($"SLURM_JOB_NODELIST: '{part}' in '{name}' is not a number or a range low-high.");
        }
        var result = new List<string>();
        foreach (string value in values)
            foreach (string tail in rest)
                result.Add(new StringBuilder(prefix).Append(value).Append(tail).ToString());
        return result;
    }

    static long Parse(string text, string name) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long v) ? v
            : throw new WorkerEnvironmentException($"SLURM_JOB_NODELIST: '{text}' in '{name}' is not a number.");
}
