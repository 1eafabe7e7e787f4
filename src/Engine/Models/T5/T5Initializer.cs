using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HfTrain.Engine.Models.T5;

/// <summary>
/// Weight initialisation for training from scratch, as transformers' T5PreTrainedModel._init_weights (Mesh
/// TensorFlow's): embeddings N(0, f), q N(0, f·(d_model·d_kv)^-½), k/v N(0, f·d_model^-½), o N(0, f·(H·d_kv)^-½),
/// relative bias N(0, f·d_model^-½), wi N(0, f·d_model^-½), wo N(0, f·d_ff^-½), norms 1·f.
/// </summary>
internal static class T5Initializer
{
    public static void Apply(T5ForConditionalGeneration model)
    {
        var c = model.Config;
        double f = c.InitializerFactor;
        using var _ = no_grad();
        Normal(model.Shared.weight!, f);
        if (model.LmHead is not null)
            Normal(model.LmHead.weight!, f);
        foreach (var stack in new[] { model.Encoder, model.Decoder })
        {
            stack.FinalLayerNorm.Weight.fill_(f);
            foreach (var block in stack.Blocks)
            {
                Attention(block.SelfAttentionLayer.Attention, c, f);
                block.SelfAttentionLayer.LayerNorm.Weight.fill_(f);
                if (block.CrossAttentionLayer is { } cross)
                {
                    Attention(cross.Attention, c, f);
                    cross.LayerNorm.Weight.fill_(f);
                }
                foreach (var wi in block.FeedForwardLayer.FeedForward.Inputs)
                    Normal(wi.weight!, f * Math.Pow(c.DModel, -0.5));
                Normal(block.FeedForwardLayer.FeedForward.Wo.weight!, f * Math.Pow(c.DFf, -0.5));
                block.FeedForwardLayer.LayerNorm.Weight.fill_(f);
            }
        }
    }

    private static void Attention(T5Attention a, T5Config c, double f)
    {
        Normal(a.Q.weight!, f * Math.Pow((double)c.DModel * c.DKv, -0.5));
        Normal(a.K.weight!, f * Math.Pow(c.DModel, -0.5));
        Normal(a.V.weight!, f * Math.Pow(c.DModel, -0.5));
        Normal(a.O.weight!, f * Math.Pow((double)c.NumHeads * c.DKv, -0.5));
        if (a.RelativeAttentionBias is { } bias)
            Normal(bias.weight!, f * Math.Pow(c.DModel, -0.5));
    }

    private static void Normal(Tensor weight, double std) => weight.normal_(0.0, std);
}
