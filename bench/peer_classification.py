#!/usr/bin/env python3
"""The Hugging Face peer of hf-train's classification bench line: transformers' Trainer with T5ForSequenceClassification
(a fresh head on the given seq2seq model) on debian_sections, as run_classification.py sets it up: labels sorted,
max_seq_length truncation, DataCollatorWithPadding(pad_to_multiple_of=8) under bf16, linear schedule, AdamW.
Usage: peer_classification.py MODEL TRAIN_JSONL[.gz] BATCH STEPS MAX_SEQ_LENGTH OUT_JSON"""
import gzip, json, sys, time

import torch
from transformers import (AutoTokenizer, DataCollatorWithPadding, T5ForSequenceClassification, Trainer,
                          TrainingArguments)

model_dir, data, bs, steps, max_len, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
opener = gzip.open if data.endswith(".gz") else open
with opener(data, "rt", encoding="utf-8") as f:
    rows = [json.loads(line) for line in f][: bs * steps]
labels = sorted({str(r["label"]) for r in rows})
to_id = {l: i for i, l in enumerate(labels)}
tok = AutoTokenizer.from_pretrained(model_dir)
t0 = time.time()
enc = tok([r["text"] for r in rows], max_length=max_len, truncation=True)
feats = [{"input_ids": i, "attention_mask": m, "labels": to_id[str(r["label"])]} for i, m, r in zip(enc["input_ids"], enc["attention_mask"], rows)]
tokenize_s = time.time() - t0


class ListDataset(torch.utils.data.Dataset):
    def __init__(self, items): self.items = items
    def __len__(self): return len(self.items)
    def __getitem__(self, i): return self.items[i]


torch.backends.cuda.matmul.allow_tf32 = True
model = T5ForSequenceClassification.from_pretrained(model_dir, num_labels=len(labels), problem_type="single_label_classification")
targs = TrainingArguments(output_dir="/tmp/bench-cls-peer", per_device_train_batch_size=bs, max_steps=steps, learning_rate=3e-4,
                          logging_steps=50, save_strategy="no", report_to=[], bf16=True, tf32=True, seed=0)
trainer = Trainer(model=model, args=targs, train_dataset=ListDataset(feats),
                  data_collator=DataCollatorWithPadding(tok, pad_to_multiple_of=8))
torch.cuda.reset_peak_memory_stats()
t0 = time.time(); res = trainer.train(); torch.cuda.synchronize(); train_s = time.time() - t0
result = {"transformers": __import__("transformers").__version__, "torch": torch.__version__, "gpu": torch.cuda.get_device_name(),
          "batch_size": bs, "steps": steps, "max_seq_length": max_len, "labels": len(labels), "examples": len(feats),
          "tokenize_s": tokenize_s, "train_s": train_s, "train_loss": res.metrics.get("train_loss"),
          "train_samples_per_second": res.metrics.get("train_samples_per_second"),
          "peak_mem_gib": torch.cuda.max_memory_allocated() / 2**30}
with open(out, "w") as f:
    json.dump(result, f, indent=1)
print(json.dumps(result, indent=1))
