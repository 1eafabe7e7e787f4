using HfTrain.Abstractions;
using HfTrain.Data.Caching;

namespace HfTrain.Data.Tests.Caching;

public sealed class TokenizedCacheTests
{
    private static readonly Seq2SeqExample[] Examples =
    [
        new([37, 5, 1], [8, 1], "a summary, with ünïcode"),
        new([], [1], ""),
        new([int.MaxValue, 0, -100], [], "edge values"),
    ];

    private static readonly string Key = new Fingerprint().AddOption("max_source_length", 512).Compute();

    [Fact]
    public void Saved_examples_load_back_identically()
    {
        using var temp = new TempFolder();
        var cache = new TokenizedCache(temp.Root);

        cache.Save(Key, "train", Examples);
        var loaded = cache.TryLoad(Key, "train");

        Assert.NotNull(loaded);
        Assert.Equal(Examples.Length, loaded.Count);
        for (var i = 0; i < Examples.Length; i++)
        {
            Assert.Equal(Examples[i].InputIds, loaded[i].InputIds);
            Assert.Equal(Examples[i].Labels, loaded[i].Labels);
            Assert.Equal(Examples[i].Reference, loaded[i].Reference);
        }
        Assert.Equal([Path.Combine(temp.Root, Key, "train.bin")], Directory.GetFiles(temp.Root, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public void Get_or_create_builds_once_and_rebuilds_with_overwrite_cache()
    {
        using var temp = new TempFolder();
        var cache = new TokenizedCache(temp.Root);
        var builds = 0;
        IReadOnlyList<Seq2SeqExample> Build()
        {
            builds++;
            return Examples;
        }

        cache.GetOrCreate(Key, "validation", overwrite: false, Build);
        var second = cache.GetOrCreate(Key, "validation", overwrite: false, Build);
        Assert.Equal(1, builds);
        Assert.Equal(3, second.Count);

        cache.GetOrCreate(Key, "validation", overwrite: true, Build);
        Assert.Equal(2, builds);
    }

    [Fact]
    public void An_entry_with_a_flipped_id_fails_its_checksum_and_is_rebuilt()
    {
        using var temp = new TempFolder();
        var cache = new TokenizedCache(temp.Root);
        cache.Save(Key, "train", Examples);
        string path = cache.PathFor(Key, "train");
        byte[] bytes = File.ReadAllBytes(path);
        bytes[4 + 4 + 64 + 4 + 4] ^= 0x01;   // the first input id: 37 → 36, still a well-formed entry
        File.WriteAllBytes(path, bytes);

        Assert.Null(cache.TryLoad(Key, "train"));
        var builds = 0;
        var rebuilt = cache.GetOrCreate(Key, "train", overwrite: false, () => { builds++; return Examples; });
        Assert.Equal(1, builds);
        Assert.Equal(37, rebuilt[0].InputIds[0]);
        Assert.Equal(37, cache.TryLoad(Key, "train")![0].InputIds[0]);
    }

    [Fact]
    public void A_truncated_or_foreign_file_is_a_miss_and_gets_replaced()
    {
        using var temp = new TempFolder();
        var cache = new TokenizedCache(temp.Root);
        cache.Save(Key, "train", Examples);
        var path = cache.PathFor(Key, "train");
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length - 3)]);

        Assert.Null(cache.TryLoad(Key, "train"));
        Assert.Null(cache.TryLoad(new Fingerprint().Compute(), "train"));

        var rebuilt = cache.GetOrCreate(Key, "train", overwrite: false, () => Examples);
        Assert.Equal(bytes, File.ReadAllBytes(path));
        Assert.Equal(3, rebuilt.Count);
    }

    [Fact]
    public void Fingerprint_changes_with_options_data_files_and_tokenizer_contents()
    {
        using var temp = new TempFolder();
        var data = temp.File("train.jsonl", "{\"a\": \"1\"}\n");
        var tokenizer = temp.File("tokenizer.json", "{\"v\": 1}");
        string Key() => new Fingerprint().AddDataFile(data).AddFileContents(tokenizer).AddOption("max_source_length", 512).Compute();

        var first = Key();
        Assert.Equal(first, Key());
        Assert.Matches("^[0-9a-f]{64}$", first);

        File.SetLastWriteTimeUtc(data, DateTime.UtcNow.AddMinutes(-5));
        var touched = Key();
        Assert.NotEqual(first, touched);

        File.WriteAllText(tokenizer, "{\"v\": 2}");
        File.SetLastWriteTimeUtc(tokenizer, File.GetLastWriteTimeUtc(data));
        Assert.NotEqual(touched, Key());

        Assert.NotEqual(
            new Fingerprint().AddOption("max_source_length", 512).Compute(),
            new Fingerprint().AddOption("max_source_length", 1024).Compute());
    }

    [Fact]
    public void Fingerprint_changes_with_the_code_identity()
    {
        Assert.Equal(new Fingerprint().AddCode("plugin", "a").Compute(), new Fingerprint().AddCode("plugin", "a").Compute());
        Assert.NotEqual(new Fingerprint().AddCode("plugin", "a").Compute(), new Fingerprint().AddCode("plugin", "b").Compute());
        Assert.NotEqual(new Fingerprint().AddCode("plugin", "a").Compute(), new Fingerprint().AddOption("plugin", "a").Compute());
    }

    [Fact]
    public void Default_folder_follows_hf_datasets_cache_then_hf_home()
    {
        Assert.Equal("/c/hf-train", TokenizedCache.DefaultFolder(n => n == "HF_DATASETS_CACHE" ? "/c" : null));
        Assert.Equal("/h/datasets/hf-train", TokenizedCache.DefaultFolder(n => n == "HF_HOME" ? "/h" : null));
        Assert.Equal("/u/.cache/huggingface/datasets/hf-train", TokenizedCache.DefaultFolder(n => n == "HOME" ? "/u" : null));
    }

    [Fact]
    public void Concurrent_writers_leave_one_complete_entry_and_no_temp_files()
    {
        using var temp = new TempFolder();
        var cache = new TokenizedCache(temp.Root);
        var big = Enumerable.Range(0, 2000).Select(i => new Seq2SeqExample(Enumerable.Range(0, 200).ToArray(), [i, 1], "r" + i)).ToList();

        Parallel.For(0, 4, _ => cache.Save(Key, "train", big));

        Assert.Equal(2000, cache.TryLoad(Key, "train")!.Count);
        Assert.Single(Directory.GetFiles(temp.Root, "*", SearchOption.AllDirectories));
    }
}
