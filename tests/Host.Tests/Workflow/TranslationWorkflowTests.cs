namespace HfTrain.Host.Tests.Workflow;

/// <summary>run_translation.py's workflow on the en→de data: the translation column, a prefix, sacreBLEU.</summary>
public sealed class TranslationWorkflowTests
{
    [Fact]
    public void English_to_german_trains_evaluates_and_scores_bleu()
    {
        using var run = new WorkflowRun();
        var (code, output, error) = run.Run([
            "translation", "--model_name_or_path", WorkflowRun.Fixture("tiny"), "--do_train", "--do_eval", "--predict_with_generate",
            "--source_lang", "en", "--target_lang", "de", "--source_prefix", "translate English to German: ",
            "--train_file", WorkflowRun.Fixture("workflow", "en-de-train.jsonl"), "--validation_file", WorkflowRun.Fixture("workflow", "en-de-validation.jsonl"),
            "--max_eval_samples", "6", .. WorkflowRun.Fast]);
        Assert.True(code == 0, output + error);
        var all = run.Results();
        Assert.True(all.ContainsKey("eval_bleu"), string.Join(", ", all.Select(kv => kv.Key)));
        Assert.True(all.ContainsKey("eval_chrf"));
        Assert.True(all.ContainsKey("eval_gen_len"));
        Assert.Equal(24, (int)all["train_samples"]!);
    }

    [Fact]
    public void A_missing_language_names_the_option()
    {
        using var run = new WorkflowRun();
        var (code, _, error) = run.Run(["translation", "--model_name_or_path", WorkflowRun.Fixture("tiny"), "--do_train",
            "--source_lang", "en", "--train_file", WorkflowRun.Fixture("workflow", "en-de-train.jsonl")]);
        Assert.Equal(2, code);
        Assert.Contains("--target_lang is required", error);
    }
}
