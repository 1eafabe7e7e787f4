#!/usr/bin/env python3
"""Parity fixture for hf-train's T5ForSequenceClassification, made with transformers (run on the GPU machine, CPU fp32).

Forward: T5ForSequenceClassification.from_pretrained(tests/Fixtures/tiny) for each problem type (single-label
cross-entropy, multi-label BCE, regression MSE) with a seeded fresh head, on a fixed batch of texts; writes
  OUT/heads.safetensors   the head weights, keyed "<problem_type>.classification_head.{dense,out_proj}.{weight,bias}"
  OUT/parity.json         input_ids, attention_mask and, per problem type: num_labels, labels, logits, loss
tests/Engine.Tests (T5ClassificationParityTests) loads the tiny weights plus these heads and checks logits within 1e-4
and the loss within 1e-5 relative.

Reverse (--hf-train-folder DIR): DIR is a classifier folder saved by hf-train with DIR/hf_train_logits.json beside it
(hf-train's input_ids, attention_mask and logits; see tools/classification-parity/README.md). AutoModelForSequenceClassification
loads DIR and must give the same logits (max |diff| <= 1e-4). Exit status 1 when it does not.

Usage: python3 tools/classification-parity/make_fixture.py [--model tests/Fixtures/tiny]
           [--out tests/Fixtures/classification-parity] [--hf-train-folder DIR] [--seed 0]
"""
import argparse, json, os, sys

import torch
import transformers
from safetensors.torch import save_file
from transformers import AutoModelForSequenceClassification, AutoTokenizer, T5ForSequenceClassification

TEXTS = [
    "hello world",
    "Debian packages a library for parsing XML documents quickly.",
    "a short one",
    "Tools to convert address books into the vCard format, written in Perl.",
]
CASES = [
    ("single_label_classification", 3, [0, 2, 1, 2]),
    ("multi_label_classification", 4, [[1.0, 0.0, 1.0, 0.0], [0.0, 1.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0], [1.0, 1.0, 1.0, 1.0]]),
    ("regression", 1, [0.5, -1.25, 2.0, 0.75]),
]


def forward_fixture(args):
    tok = AutoTokenizer.from_pretrained(args.model)
    batch = tok(TEXTS, padding=True, return_tensors="pt")
    heads, cases = {}, []
    for problem, num_labels, labels in CASES:
        torch.manual_seed(args.seed)
        model = T5ForSequenceClassification.from_pretrained(args.model, num_labels=num_labels, problem_type=problem,
                                                            dtype=torch.float32)
        model.eval()
        dtype = torch.long if problem == "single_label_classification" else torch.float32
        with torch.no_grad():
            out = model(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"], labels=torch.tensor(labels, dtype=dtype))
        for name, tensor in model.state_dict().items():
            if name.startswith("classification_head."):
                heads[f"{problem}.{name}"] = tensor.detach().contiguous().clone()
        cases.append({"problem_type": problem, "num_labels": num_labels, "labels": labels,
                      "logits": out.logits.tolist(), "loss": out.loss.item()})
        print(f"{problem}: loss {out.loss.item():.8f}, logits[0] {[round(v, 6) for v in out.logits[0].tolist()]}")
    os.makedirs(args.out, exist_ok=True)
    save_file(heads, os.path.join(args.out, "heads.safetensors"))
    with open(os.path.join(args.out, "parity.json"), "w") as f:
        json.dump({"model": os.path.basename(os.path.normpath(args.model)), "seed": args.seed, "texts": TEXTS,
                   "transformers": transformers.__version__, "torch": torch.__version__,
                   "input_ids": batch["input_ids"].tolist(), "attention_mask": batch["attention_mask"].tolist(),
                   "cases": cases}, f, indent=1)
    print(f"wrote {args.out}/parity.json and heads.safetensors")


def reverse_check(folder):
    with open(os.path.join(folder, "hf_train_logits.json")) as f:
        mine = json.load(f)
    model = AutoModelForSequenceClassification.from_pretrained(folder, dtype=torch.float32)
    model.eval()
    kind = type(model).__name__
    with torch.no_grad():
        logits = model(input_ids=torch.tensor(mine["input_ids"]), attention_mask=torch.tensor(mine["attention_mask"])).logits
    diff = (logits - torch.tensor(mine["logits"])).abs().max().item()
    ok = kind == "T5ForSequenceClassification" and diff <= 1e-4
    print(f"reverse: AutoModelForSequenceClassification({folder}) -> {kind}, problem_type {model.config.problem_type}, "
          f"{model.config.num_labels} labels; max |logit diff| vs hf-train {diff:.3g}: {'PASS' if ok else 'FAIL'}")
    return ok


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", default="tests/Fixtures/tiny")
    p.add_argument("--out", default="tests/Fixtures/classification-parity")
    p.add_argument("--hf-train-folder")
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args()
    torch.set_num_threads(1)
    forward_fixture(args)
    if args.hf_train_folder and not reverse_check(args.hf_train_folder):
        sys.exit(1)


if __name__ == "__main__":
    main()
