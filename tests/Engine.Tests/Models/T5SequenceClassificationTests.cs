using HfTrain.Engine.Models;
using HfTrain.Engine.Models.T5;
using HfTrain.Engine.Registry;
using static TorchSharp.torch;

namespace HfTrain.Engine.Tests.Models;

/// <summary>T5ForSequenceClassification (modeling_t5.py): names, fresh head from a seq2seq checkpoint, the last-&lt;/s&gt; row.</summary>
public sealed class T5SequenceClassificationTests
{
    static readonly ClassifierLabels Labels = new(["a", "b", "c"], ClassifierLabels.SingleLabel);

    [Fact]
    public void A_seq2seq_checkpoint_loads_under_transformer_with_a_fresh_zero_bias_head()
    {
        string dir = ReferenceFixture.Dir("tiny");
        var warnings = new List<string>();
        manual_seed(0);
        using var model = (T5ForSequenceClassification)ModelRegistry.LoadClassifier(dir, Labels, warnings.Add);
        var names = model.StateDict();
        Assert.Contains("transformer.shared.weight", names.Keys);
        Assert.Contains("transformer.decoder.final_layer_norm.weight", names.Keys);
        Assert.DoesNotContain(names.Keys, k => k.StartsWith("transformer.lm_head", StringComparison.Ordinal));
        Assert.Equal([3, 64], names["classification_head.out_proj.weight"].shape);
        Assert.Equal(0, names["classification_head.dense.bias"].abs().sum().item<float>());
        double std = names["classification_head.dense.weight"].std().item<float>();
        Assert.InRange(std, 0.8 / 8, 1.2 / 8);                                                // N(0, d_model^-½), d_model 64
        Assert.Contains(warnings, w => w.Contains("newly initialized: ['classification_head.dense.bias'"));
        using var seq2seq = (T5ForConditionalGeneration)ModelRegistry.Load(dir);
        Assert.True(seq2seq.StateDict()["shared.weight"].eq(names["transformer.shared.weight"]).all().item<bool>());
    }

    [Fact]
    public void Logits_come_from_the_last_eos_so_padding_after_it_changes_nothing()
    {
        string dir = ReferenceFixture.Dir("tiny");
        manual_seed(0);
        using var model = (T5ForSequenceClassification)ModelRegistry.LoadClassifier(dir, Labels, _ => { });
        model.eval();
        using var _ = no_grad();
        var shortIds = tensor(new long[] { 5, 6, 7, 1 }, [1, 4]);
        var paddedIds = tensor(new long[] { 5, 6, 7, 1, 0, 0, 9, 9, 9, 9, 8, 1 }, [2, 6]);
        var paddedMask = tensor(new long[] { 1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 1 }, [2, 6]);
        var alone = model.Forward(shortIds, ones_like(shortIds), null).Logits;                  // [1, 3]
        var output = model.Forward(paddedIds, paddedMask, tensor(new long[] { 2, 0 }, [2, 1]));
        Assert.Equal([2, 3], output.Logits.shape);
        Assert.True(alone[0].allclose(output.Logits[0], rtol: 1e-5, atol: 1e-6));
        var expected = nn.functional.cross_entropy(output.Logits, tensor(new long[] { 2, 0 }));
        Assert.Equal(expected.item<float>(), output.Loss!.item<float>(), 6);
    }

    [Theory]
    [InlineData(ClassifierLabels.SingleLabel)]
    [InlineData(ClassifierLabels.MultiLabel)]
    [InlineData(ClassifierLabels.Regression)]
    public void The_loss_follows_problem_type_and_ignores_label_columns_padded_past_the_width(string problem)
    {
        var labels = new ClassifierLabels(problem == ClassifierLabels.Regression ? ["LABEL_0"] : ["a", "b", "c"], problem);
        manual_seed(0);
        using var model = (T5ForSequenceClassification)ModelRegistry.LoadClassifier(ReferenceFixture.Dir("tiny"), labels, _ => { });
        model.eval();
        using var _ = no_grad();
        var ids = tensor(new long[] { 5, 6, 7, 1, 9, 8, 4, 1 }, [2, 4]);
        long[] row0 = problem switch
        {
            ClassifierLabels.MultiLabel => [1, 0, 1],
            ClassifierLabels.Regression => [RegressionTargets.Encode(0.75)],
            _ => [2],
        };
        long[] row1 = problem switch
        {
            ClassifierLabels.MultiLabel => [0, 1, 1],
            ClassifierLabels.Regression => [RegressionTargets.Encode(-1.5)],
            _ => [0],
        };
        // as the bf16 collator pads labels to a multiple of 8 with -100
        var padded = tensor(row0.Concat(Enumerable.Repeat(-100L, 8 - row0.Length)).Concat(row1).Concat(Enumerable.Repeat(-100L, 8 - row1.Length)).ToArray(), [2, 8]);
        var output = model.Forward(ids, ones_like(ids), padded);
        var logits = output.Logits;
        var expected = problem switch
        {
            // BCEWithLogits: mean over cells of −[y·log σ(x) + (1−y)·log(1−σ(x))]
            ClassifierLabels.MultiLabel => -(tensor(new float[] { 1, 0, 1, 0, 1, 1 }, [2, 3]) * logits.sigmoid().log()
                                             + (1 - tensor(new float[] { 1, 0, 1, 0, 1, 1 }, [2, 3])) * (1 - logits.sigmoid()).log()).mean(),
            ClassifierLabels.Regression => (logits.view(-1) - tensor(new float[] { 0.75f, -1.5f })).pow(2).mean(),
            _ => nn.functional.cross_entropy(logits, tensor(new long[] { 2, 0 })),
        };
        Assert.Equal(expected.item<float>(), output.Loss!.item<float>(), 5);
    }

    [Fact]
    public void Save_writes_a_config_transformers_reads_as_a_classifier_and_loads_back()
    {
        using var temp = new TempFolder();
        manual_seed(0);
        using var model = (T5ForSequenceClassification)ModelRegistry.LoadClassifier(ReferenceFixture.Dir("tiny"), Labels, _ => { });
        model.Save(temp.Path, null, null);
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(temp.Path, "config.json")))!;
        Assert.Equal("T5ForSequenceClassification", (string)json["architectures"]![0]!);
        Assert.Equal("c", (string)json["id2label"]!["2"]!);
        Assert.Equal(1, (int)json["label2id"]!["b"]!);
        Assert.Equal("single_label_classification", (string)json["problem_type"]!);
        var warnings = new List<string>();
        using var loaded = (T5ForSequenceClassification)ModelRegistry.Load(temp.Path);
        Assert.Equal(Labels.Names, loaded.Labels.Names);
        Assert.True(loaded.StateDict()["classification_head.out_proj.weight"].eq(model.StateDict()["classification_head.out_proj.weight"]).all().item<bool>());
    }

    sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("hf-train-cls-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
