using HfTrain.Host.Hub;

namespace HfTrain.Host.Tests.Hub;

public sealed class TokenRedactionTests
{
    [Theory]
    [InlineData("hf-train summarization --hub_token secret123 --do_train", "hf-train summarization --hub_token <HUB_TOKEN> --do_train")]
    [InlineData("hf-train summarization --push_to_hub_token=abc", "hf-train summarization --push_to_hub_token=<HUB_TOKEN>")]
    [InlineData("x --hub-token 'a b' --token \"q\"", "x --hub-token <HUB_TOKEN> --token <HUB_TOKEN>")]
    [InlineData("HF_TOKEN=hf_abcdefghij123 hf-train", "HF_TOKEN=<HUB_TOKEN> hf-train")]
    [InlineData("hf-train summarization --hub_model_id org/out", "hf-train summarization --hub_model_id org/out")]
    public void Tokens_become_the_placeholder(string text, string redacted) => Assert.Equal(redacted, TokenRedaction.Redact(text));
}
