"""Seq2SeqTrainer's step-by-step trajectory on CPU for the tiny fixture model: the reference the engine's trajectory
tests compare against (tests/Fixtures/tiny/trajectory_cpu*.json). Runs on the GPU machine (transformers 5.17, no
network) from the repository root:

    python3 tools/trajectory-reference/make_fixture.py OUT_DIR

It first repeats the batch-8 run of trajectory_cpu.json (to show this recipe is that fixture's) and then trains the
same 160 rows as batch 4 with 2 gradient-accumulation steps, writing trajectory_cpu.json and
trajectory_cpu_accumulation.json into OUT_DIR.
"""
import json
import sys

import torch
import transformers
from torch.utils.data import SequentialSampler
from transformers import (AutoTokenizer, DataCollatorForSeq2Seq, Seq2SeqTrainer, Seq2SeqTrainingArguments,
                          T5ForConditionalGeneration, TrainerCallback)

MODEL = "tests/Fixtures/tiny"
DATA = "tests/Fixtures/trajectory/train-160.jsonl"


class InOrder(Seq2SeqTrainer):
    """The rows in file order: the engine's --train_sampling_strategy sequential."""

    def _get_train_sampler(self, *args, **kwargs):
        return SequentialSampler(self.train_dataset)


class Steps(TrainerCallback):
    def __init__(self):
        self.losses = []

    def on_log(self, args, state, control, logs=None, **kwargs):
        if logs and "loss" in logs:
            self.losses.append({"step": state.global_step, "loss": logs["loss"], "lr": logs["learning_rate"],
                                "grad_norm": float(logs["grad_norm"])})


def trajectory(batch_size, accumulation, out_dir):
    torch.manual_seed(0)
    tokenizer = AutoTokenizer.from_pretrained(MODEL)
    model = T5ForConditionalGeneration.from_pretrained(MODEL)
    rows = [json.loads(line) for line in open(DATA, encoding="utf-8")]
    features = []
    for row in rows:
        item = tokenizer("summarize: " + row["document"], max_length=512, truncation=True)
        item["labels"] = tokenizer(text_target=row["summary"], max_length=128, truncation=True)["input_ids"]
        features.append(dict(item))
    args = Seq2SeqTrainingArguments(
        output_dir=out_dir + "/run", use_cpu=True, per_device_train_batch_size=batch_size,
        gradient_accumulation_steps=accumulation, max_steps=20, learning_rate=1e-3, warmup_steps=2, weight_decay=0.01,
        max_grad_norm=1.0, logging_steps=1, save_strategy="no", report_to=[], seed=0, dataloader_drop_last=False,
        disable_tqdm=True)
    steps = Steps()
    trainer = InOrder(model=model, args=args, train_dataset=features, callbacks=[steps],
                      data_collator=DataCollatorForSeq2Seq(tokenizer, model=model, label_pad_token_id=-100))
    trainer.train()
    return {
        "transformers": transformers.__version__, "batch_size": batch_size, "gradient_accumulation_steps": accumulation,
        "steps": 20, "learning_rate": 1e-3, "warmup_steps": 2, "weight_decay": 0.01, "optim": "adamw_torch",
        "lr_scheduler_type": "linear", "max_grad_norm": 1.0, "order": "sequential, no shuffle", "prefix": "summarize: ",
        "max_source_length": 512, "max_target_length": 128, "losses": steps.losses,
    }


def main():
    out_dir = sys.argv[1]
    plain = trajectory(8, 1, out_dir)
    accumulated = trajectory(4, 2, out_dir)
    json.dump(plain, open(f"{out_dir}/trajectory_cpu.json", "w"), indent=1)
    json.dump(accumulated, open(f"{out_dir}/trajectory_cpu_accumulation.json", "w"), indent=1)
    fixture = json.load(open(f"{MODEL}/trajectory_cpu.json"))
    worst = max(abs(a["loss"] - b["loss"]) / abs(b["loss"]) for a, b in zip(plain["losses"], fixture["losses"]))
    print(f"batch 8 recipe vs the fixture: worst relative loss difference {worst:.2e}")
    for a, b in zip(plain["losses"], accumulated["losses"]):
        print(f"step {a['step']:2}: batch 8 loss {a['loss']:.6f} gn {a['grad_norm']:.6f} | 4x2 loss {b['loss']:.6f} gn {b['grad_norm']:.6f}")


if __name__ == "__main__":
    main()
