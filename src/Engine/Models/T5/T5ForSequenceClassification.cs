using System.Text.Json.Nodes;
using HfTrain.Abstractions;
using HfTrain.Engine.Checkpoints;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace HfTrain.Engine.Models.T5;

/// <summary>
/// modeling_t5.py T5ForSequenceClassification: the whole encoder–decoder reads the text (the decoder gets the input
/// ids shifted right), the decoder state at each row's last &lt;/s&gt; is the text's representation, and
/// <see cref="T5ClassificationHead"/> turns it into label logits. Parameter names are transformers':
/// transformer.shared/encoder/decoder.*, classification_head.dense/out_proj.*.
/// </summary>
/// <remarks>It implements <see cref="ISeq2SeqModel"/> so that the trainer drives it unchanged: the trainer's labels
/// [B, 1] hold each row's label id and its decoder input (made from labels) is not used. It does not generate.</remarks>
public sealed class T5ForSequenceClassification : nn.Module, ISeq2SeqModel
{
    public const string Architecture = nameof(T5ForSequenceClassification);

    private readonly T5ForConditionalGeneration transformer;   // tied, no lm_head: T5Model's parameters
    private readonly T5ClassificationHead classification_head;

    /// <param name="initialize">draw every weight as transformers' _init_weights does; false leaves the stacks for a
    /// checkpoint (the head is then drawn by <see cref="Load"/> when the checkpoint lacks it).</param>
    public T5ForSequenceClassification(T5Config config, ClassifierLabels labels, bool initialize = true) : base(Architecture)
    {
        Config = config;
        Labels = labels;
        transformer = new T5ForConditionalGeneration(config, separateHead: false, initialize);
        classification_head = new T5ClassificationHead(config, labels.Count);
        RegisterComponents();
        if (initialize)
            classification_head.Initialize(config.InitializerFactor, config.DModel);
    }

    public T5Config Config { get; }
    public ClassifierLabels Labels { get; }
    public ModelTokens Tokens => Config.Tokens;
    nn.Module ISeq2SeqModel.Module => this;

    public Tensor Encode(Tensor inputIds, Tensor? attentionMask) => transformer.Encode(inputIds, attentionMask);

    /// <summary>
    /// Logits [B, L] and, with <paramref name="labels"/> ([B, T] int64, T ≥ the label width), the loss of transformers'
    /// problem_type: cross-entropy on the label id in column 0, binary cross-entropy with logits on the multi-hot columns
    /// 0..L−1, or MSE (one output) on column 0's float32 bits (<see cref="RegressionTargets"/>).
    /// </summary>
    /// <param name="inputIds">[B, S] int64; every row holds the same number of &lt;/s&gt; (the tokenizer appends one).</param>
    /// <param name="attentionMask">[B, S] or null.</param>
    /// <param name="decoderInputIds">ignored: the decoder reads <paramref name="inputIds"/> shifted right, as transformers
    /// does when it is not given.</param>
    public Seq2SeqLMOutput Forward(Tensor inputIds, Tensor? attentionMask, Tensor? labels, Tensor? decoderInputIds = null,
        double labelSmoothing = 0.0, Tensor? lossPositions = null, Tensor? encoderOutput = null, bool tokenLosses = false)
    {
        using var scope = NewDisposeScope();
        var decoderInput = T5ForConditionalGeneration.ShiftRight(inputIds, Config.DecoderStartTokenId, Config.PadTokenId); // [B, S]
        var encoded = encoderOutput ?? transformer.Encode(inputIds, attentionMask);                                        // [B, S, D]
        var hidden = transformer.DecoderHidden(decoderInput, encoded, attentionMask);                                      // [B, S, D]
        // sequence_output[eos_mask].view(B, -1, D)[:, -1]: the last </s> of each row
        long s = inputIds.shape[1];
        var positions = arange(s, device: inputIds.device).unsqueeze(0);                                                  // [1, S]
        var last = inputIds.eq(Config.EosTokenId).mul(positions + 1).argmax(1);                                            // [B]
        var rows = hidden.gather(1, last.view(-1, 1, 1).expand(-1, 1, hidden.shape[2])).squeeze(1);                        // [B, D]
        var logits = classification_head.forward(rows);                                                                    // [B, L]
        Tensor? loss = null;
        if (labels is not null)
        {
            // the collator may pad labels past their width (to a multiple of 8 under bf16/fp16): keep the real columns
            var wide = logits.to(float32);
            loss = Labels.ProblemType switch
            {
                ClassifierLabels.Regression => F.mse_loss(wide.view(-1), RegressionTargets.Decode(labels.narrow(1, 0, 1)).view(-1)),   // [B] vs [B]
                ClassifierLabels.MultiLabel => F.binary_cross_entropy_with_logits(wide, labels.narrow(1, 0, Labels.Count).to(float32)), // [B, L]
                _ => F.cross_entropy(wide, labels.narrow(1, 0, 1).view(-1), label_smoothing: labelSmoothing),                        // [B, L] vs [B]
            };
            loss.MoveToOuterDisposeScope();
        }
        return new Seq2SeqLMOutput(loss, logits.MoveToOuterDisposeScope());
    }

    IDecoderCache ISeq2SeqModel.NewCache(long capacity) => throw new NotSupportedException($"{Architecture} does not generate.");

    Tensor ISeq2SeqModel.Decode(Tensor decoderInputIds, Tensor encoderHidden, Tensor? encoderMask, IDecoderCache cache) =>
        throw new NotSupportedException($"{Architecture} does not generate.");

    /// <summary>Each parameter once under its transformers key (transformer.*, classification_head.*).</summary>
    public Dictionary<string, Tensor> StateDict() =>
        named_parameters().ToDictionary(p => p.name, p => (Tensor)p.parameter, StringComparer.Ordinal);

    /// <summary>
    /// A save_pretrained folder: a classifier's own (transformer.* keys), or a seq2seq checkpoint whose stacks are
    /// taken under the transformer. prefix (transformers' base_model_prefix) while the head is freshly drawn, with
    /// transformers' warning through <paramref name="warn"/>.
    /// </summary>
    public static T5ForSequenceClassification Load(string directory, ClassifierLabels labels, Action<string> warn)
    {
        var config = T5Config.Load(Path.Combine(directory, T5ForConditionalGeneration.ConfigFile));
        var weights = CheckpointFiles.LoadStateDict(directory);
        string source = CheckpointFiles.Find(directory) ?? directory;
        var model = new T5ForSequenceClassification(config, labels, initialize: false);
        try
        {
            model.eval();
            bool prefixed = weights.Keys.Any(k => k.StartsWith("transformer.", StringComparison.Ordinal));
            var stacks = prefixed
                ? weights.Where(kv => kv.Key.StartsWith("transformer.", StringComparison.Ordinal)).ToDictionary(kv => kv.Key["transformer.".Length..], kv => kv.Value)
                : weights.Where(kv => !kv.Key.StartsWith("classification_head.", StringComparison.Ordinal)).ToDictionary(kv => kv.Key, kv => kv.Value);
            stacks.Remove("lm_head.weight");                                                   // the LM head is not part of T5Model
            model.transformer.LoadWeights(stacks, source);
            var head = model.classification_head.named_parameters().ToDictionary(p => "classification_head." + p.name, p => p.parameter);
            var missing = head.Keys.Where(k => !weights.TryGetValue(k, out var w) || !w.shape.SequenceEqual(head[k].shape)).Order(StringComparer.Ordinal).ToList();
            if (missing.Count == 0)
            {
                using var _ = no_grad();
                foreach (var (name, parameter) in head)
                    parameter.copy_(weights[name]);
            }
            else
            {
                model.classification_head.Initialize(config.InitializerFactor, config.DModel);
                warn($"Some weights of {Architecture} were not initialized from the model checkpoint at {directory} and are newly initialized: " +
                     $"[{string.Join(", ", missing.Select(k => $"'{k}'"))}]\nYou should probably TRAIN this model on a down-stream task to be able to use it for predictions and inference.");
            }
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
        finally
        {
            foreach (var tensor in weights.Values)
                tensor.Dispose();
        }
    }

    /// <summary>The labels a classifier's config.json names (id2label, problem_type), or null for another architecture.</summary>
    public static ClassifierLabels? LabelsOf(T5Config config)
    {
        if (config.Extra["architectures"] is not JsonArray archs || !archs.Any(a => a?.GetValue<string>() == Architecture))
            return null;
        if (config.Extra["id2label"] is not JsonObject id2label)
            throw new TaskInputException($"config.json names {Architecture} but has no id2label.");
        var names = id2label.OrderBy(kv => int.Parse(kv.Key, System.Globalization.CultureInfo.InvariantCulture)).Select(kv => kv.Value!.GetValue<string>()).ToList();
        string problem = config.Extra["problem_type"]?.GetValue<string>() ?? ClassifierLabels.SingleLabel;
        return new ClassifierLabels(names, problem);
    }

    /// <summary>config.json (architectures, id2label, label2id, problem_type as transformers writes them) and
    /// model.safetensors. A classifier has no generation config.</summary>
    public void Save(string directory, GenerationConfig? generation, IReadOnlyDictionary<string, Tensor>? weights)
    {
        Directory.CreateDirectory(directory);
        var extra = (JsonObject)Config.Extra.DeepClone();
        extra["architectures"] = new JsonArray(Architecture);
        var id2label = new JsonObject();
        var label2id = new JsonObject();
        for (int i = 0; i < Labels.Count; i++)
        {
            id2label[i.ToString(System.Globalization.CultureInfo.InvariantCulture)] = Labels.Names[i];
            label2id[Labels.Names[i]] = i;
        }
        extra["id2label"] = id2label;
        extra["label2id"] = label2id;
        extra["problem_type"] = Labels.ProblemType;
        (Config with { TieWordEmbeddings = true, ScaleDecoderOutputsOrNull = Config.ScaleDecoderOutputs, Extra = extra })
            .Save(Path.Combine(directory, T5ForConditionalGeneration.ConfigFile));
        var cpu = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        try
        {
            foreach (var (name, tensor) in StateDict())
                cpu[name] = (weights is not null && weights.TryGetValue(name, out var master) ? master : tensor).detach().cpu().contiguous();
            SafeTensors.Write(Path.Combine(directory, T5ForConditionalGeneration.WeightsFile), cpu);
        }
        finally
        {
            foreach (var tensor in cpu.Values)
                tensor.Dispose();
        }
    }
}
