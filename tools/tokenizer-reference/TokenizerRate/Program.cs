// Usage: TokenizerRate --tokenizer DIR --data DATA_DIR --reference REF_DIR [--spiece-only]
// Encodes every text of DATA_DIR (same order as make_reference.py) and compares sha1(ids)[:12] and
// sha1(decode(ids, skip_special_tokens))[:8] with REF_DIR/<dataset>.<split>.txt.gz. With --spiece-only the
// tokenizer is loaded from a copy of DIR holding only spiece.model + tokenizer_config.json.
using System.Diagnostics;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using HfTrain.Tokenization;

string Arg(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault()
    ?? throw new ArgumentException($"missing {name}");
var tokenizerDir = Arg("--tokenizer");
var dataDir = Arg("--data");
var referenceDir = Arg("--reference");
if (args.Contains("--spiece-only"))
{
    var copy = Directory.CreateTempSubdirectory("tokrate").FullName;
    foreach (var name in new[] { "spiece.model", "tokenizer_config.json" })
        File.Copy(Path.Combine(tokenizerDir, name), Path.Combine(copy, name));
    tokenizerDir = copy;
}
var tokenizer = T5Tokenizer.Load(tokenizerDir);
(string Dataset, Func<JsonElement, string[]> Fields)[] datasets =
[
    ("debian_desc_summarization", r => [r.GetProperty("document").GetString()!, r.GetProperty("summary").GetString()!]),
    ("ddtp_en_de", r => [r.GetProperty("translation").GetProperty("en").GetString()!, r.GetProperty("translation").GetProperty("de").GetString()!]),
    ("ddtp_en_fr", r => [r.GetProperty("translation").GetProperty("en").GetString()!, r.GetProperty("translation").GetProperty("fr").GetString()!]),
];
long totalTexts = 0, totalIds = 0, totalDecode = 0;
foreach (var (dataset, fields) in datasets)
{
    foreach (var split in new[] { "train", "validation", "test" })
    {
        var name = $"{dataset}.{split}.txt";
        var texts = File.ReadLines(Path.Combine(dataDir, dataset, split + ".jsonl")).Where(l => l.Length > 0)
            .SelectMany(l => fields(JsonDocument.Parse(l).RootElement)).ToList();
        using var reference = new StreamReader(new GZipStream(File.OpenRead(Path.Combine(referenceDir, name + ".gz")), CompressionMode.Decompress));
        int sameIds = 0, sameDecode = 0;
        var firstMismatches = new List<int>();
        for (var i = 0; i < texts.Count; i++)
        {
            var expected = reference.ReadLine()!.Split(' ');
            var ids = tokenizer.Encode(texts[i]);
            if (Hash(string.Join(",", ids), 12) == expected[0])
                sameIds++;
            else if (firstMismatches.Count < 5)
                firstMismatches.Add(i);
            if (Hash(tokenizer.Decode(ids, skipSpecialTokens: true), 8) == expected[1])
                sameDecode++;
        }
        Console.WriteLine($"{name,-42} {texts.Count,6} texts  ids identical {sameIds,6} ({100.0 * sameIds / texts.Count:F3} %)  decode identical {sameDecode,6}"
            + (firstMismatches.Count > 0 ? "  first differing: " + string.Join(",", firstMismatches) : ""));
        totalTexts += texts.Count;
        totalIds += sameIds;
        totalDecode += sameDecode;
    }
}
Console.WriteLine($"ALL {totalTexts} texts: ids identical {totalIds} ({100.0 * totalIds / totalTexts:F4} %), decode identical {totalDecode} ({100.0 * totalDecode / totalTexts:F4} %)");

// Speed: the summarization train documents, one thread.
var documents = File.ReadLines(Path.Combine(dataDir, "debian_desc_summarization", "train.jsonl")).Where(l => l.Length > 0)
    .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("document").GetString()!).ToList();
var buffer = new List<int>();
for (var round = 0; round < 5; round++) // round 0 warms up the JIT; the machine is shared, so read the best
{
    var watch = Stopwatch.StartNew();
    long tokens = 0;
    foreach (var document in documents)
    {
        buffer.Clear();
        tokenizer.EncodeWithoutEos(document, buffer);
        tokens += buffer.Count + 1;
    }
    watch.Stop();
    Console.WriteLine($"speed round {round}: {documents.Count} documents, {tokens} tokens in {watch.Elapsed.TotalSeconds:F2} s = {tokens / watch.Elapsed.TotalSeconds:F0} tokens/s, {documents.Count / watch.Elapsed.TotalSeconds:F0} documents/s (1 thread)");
}
return totalIds == totalTexts ? 0 : 1;

static string Hash(string text, int hexChars) =>
    Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(text)))[..hexChars];
