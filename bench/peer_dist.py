#!/usr/bin/env python3
"""The peer of bench_dist.sh: transformers' Seq2SeqTrainer on one GPU (plain `python3`) or under
`torchrun --nproc_per_node N` (DDP), set up as ../shared/bench/hf_reference.py's `bench` (the same features,
TrainingArguments and defaults; bf16, tf32, AdamW fused by default in transformers 5).

Weak scaling: each rank keeps --bs rows per step, so the run reads bs × steps × world rows (capped by the file; more
steps go round the data again). DDP is the Trainer's own (ddp_find_unused_parameters left at its default, as in
`torchrun run_summarization.py`). Only rank 0 writes --out: train_samples_per_second is the Trainer's (the global
batch × steps over train()'s runtime, all ranks' samples), plus steady_samples_per_second measured from the end of
step --warm to the end.

Usage: [torchrun --nproc_per_node N] peer_dist.py --model DIR --data F.jsonl --bs 32 --steps 200 --bf16 --out F.json
"""
import argparse, json, os, time


def rows(path, n):
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                out.append(json.loads(line))
                if len(out) >= n:
                    break
    return out


class ListDataset:
    def __init__(self, items): self.items = items
    def __len__(self): return len(self.items)
    def __getitem__(self, i): return self.items[i]


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", required=True); p.add_argument("--data", required=True); p.add_argument("--out", required=True)
    p.add_argument("--bs", type=int, default=32); p.add_argument("--steps", type=int, default=200)
    p.add_argument("--warm", type=int, default=0, help="steady rate from this step on (default: a tenth of the steps)")
    p.add_argument("--bf16", action="store_true"); p.add_argument("--cpu", action="store_true")
    p.add_argument("--prefix", default="summarize: "); p.add_argument("--max_src", type=int, default=512)
    p.add_argument("--max_tgt", type=int, default=128)
    args = p.parse_args()

    import torch
    from transformers import (T5ForConditionalGeneration, AutoTokenizer, Seq2SeqTrainer, Seq2SeqTrainingArguments,
                              DataCollatorForSeq2Seq, TrainerCallback)
    world = int(os.environ.get("WORLD_SIZE", "1")); rank = int(os.environ.get("RANK", "0"))
    cuda = not args.cpu
    if cuda:
        torch.backends.cuda.matmul.allow_tf32 = True
    tok = AutoTokenizer.from_pretrained(args.model)
    model = T5ForConditionalGeneration.from_pretrained(args.model)
    data = rows(args.data, args.bs * args.steps * world)
    docs = [args.prefix + r["document"] for r in data]; sums = [r["summary"] for r in data]
    t0 = time.time()
    enc = tok(docs, max_length=args.max_src, truncation=True)
    lab = tok(text_target=sums, max_length=args.max_tgt, truncation=True)
    tok_s = time.time() - t0
    feats = [{"input_ids": enc["input_ids"][i], "attention_mask": enc["attention_mask"][i], "labels": lab["input_ids"][i]}
             for i in range(len(data))]

    warm = args.warm or max(1, args.steps // 10)
    marks = {}

    class Clock(TrainerCallback):
        def on_step_end(self, a, state, control, **k):
            if state.global_step in (warm, args.steps):
                if cuda:
                    torch.cuda.synchronize()
                marks[state.global_step] = time.time()

    targs = Seq2SeqTrainingArguments(output_dir=f"/tmp/peer-dist-{os.getpid()}", per_device_train_batch_size=args.bs,
        max_steps=args.steps, learning_rate=3e-4, logging_steps=50, save_strategy="no", report_to=[], bf16=args.bf16,
        seed=0, dataloader_num_workers=0, tf32=cuda, use_cpu=args.cpu)
    trainer = Seq2SeqTrainer(model=model, args=targs, train_dataset=ListDataset(feats),
        data_collator=DataCollatorForSeq2Seq(tok, model=model, label_pad_token_id=-100), callbacks=[Clock()])
    if cuda:
        torch.cuda.reset_peak_memory_stats()
    t0 = time.time(); res = trainer.train()
    if cuda:
        torch.cuda.synchronize()
    train_s = time.time() - t0
    global_bs = args.bs * world
    steady = (args.steps - warm) * global_bs / (marks[args.steps] - marks[warm]) \
        if warm in marks and args.steps in marks and args.steps > warm else None
    out = {"transformers": __import__("transformers").__version__, "torch": torch.__version__,
           "gpu": torch.cuda.get_device_name() if cuda else "cpu", "world_size": world, "bf16": args.bf16,
           "per_device_batch_size": args.bs, "global_batch_size": global_bs, "steps": args.steps, "rows": len(feats),
           "tokenize_s": tok_s, "train_s": train_s,
           "train_samples_per_second": res.metrics.get("train_samples_per_second"),
           "steady_samples_per_second": steady, "steady_from_step": warm,
           "ddp_find_unused_parameters": getattr(targs, "ddp_find_unused_parameters", None),
           "peak_mem_gib": torch.cuda.max_memory_allocated() / 2**30 if cuda else None}
    if rank == 0:
        with open(args.out, "w") as f:
            json.dump(out, f, indent=1)
        print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
