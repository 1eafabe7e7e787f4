"""Quick check of a starter model on the demo task, on the GPU machine: fine-tune on the embedded 2,000 summarization
rows with the README demo's settings (AdamW lr 1e-3, linear decay, 3 epochs, batch 8, 256 source tokens) and report
an approximate ROUGE-1 (rouge_score's tokenisation without the stemmer) of greedy predictions on the 200 validation
rows, with three examples and the count of degenerate predictions. `--scratch` re-initialises the same shape first.

    python3 tools/starter/finetune_check.py --model DIR [--scratch] [--samples src/Data/Samples/summarization]
"""
import argparse, collections, gzip, json, os, re, time

import torch


def rows(path):
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def words(text):
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).split()


def rouge1(pred, ref):
    p, r = words(pred), words(ref)
    overlap = sum((collections.Counter(p) & collections.Counter(r)).values())
    if not p or not r or not overlap:
        return 0.0
    precision, recall = overlap / len(p), overlap / len(r)
    return 2 * precision * recall / (precision + recall)


def degenerate(pred):
    w = pred.split()
    return not w or len(set(w)) == 1 or len(set(pred.replace(" ", ""))) <= 1


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--model", required=True)
    p.add_argument("--samples", default="src/Data/Samples/summarization")
    p.add_argument("--scratch", action="store_true")
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--epochs", type=int, default=3)
    p.add_argument("--batch", type=int, default=8)
    p.add_argument("--source_length", type=int, default=256)
    p.add_argument("--prefix", default="")
    a = p.parse_args()
    from transformers import AutoTokenizer, T5ForConditionalGeneration
    torch.manual_seed(42)
    tok = AutoTokenizer.from_pretrained(a.model)
    model = T5ForConditionalGeneration.from_pretrained(a.model, torch_dtype=torch.float32)
    if a.scratch:
        model = T5ForConditionalGeneration(model.config)
    model.cuda().train()
    train, val = rows(os.path.join(a.samples, "train.jsonl.gz")), rows(os.path.join(a.samples, "validation.jsonl.gz"))
    steps = a.epochs * ((len(train) + a.batch - 1) // a.batch)
    opt = torch.optim.AdamW(model.parameters(), lr=a.lr, weight_decay=0.0)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: max(0.0, 1 - s / steps))
    g = torch.Generator().manual_seed(42)
    start, step, last = time.time(), 0, []
    for _ in range(a.epochs):
        for idx in torch.randperm(len(train), generator=g).split(a.batch):
            batch = [train[i] for i in idx]
            enc = tok([a.prefix + r["document"] for r in batch], max_length=a.source_length, truncation=True,
                      padding=True, return_tensors="pt").to("cuda")
            lab = tok([r["summary"] for r in batch], max_length=128, truncation=True, padding=True,
                      return_tensors="pt").input_ids.to("cuda")
            lab[lab == tok.pad_token_id] = -100
            loss = model(**enc, labels=lab).loss
            loss.backward()
            opt.step(); sched.step(); opt.zero_grad()
            last.append(loss.item()); step += 1
    model.eval()
    preds = []
    with torch.no_grad():
        for i in range(0, len(val), 50):
            enc = tok([a.prefix + r["document"] for r in val[i:i + 50]], max_length=a.source_length, truncation=True,
                      padding=True, return_tensors="pt").to("cuda")
            out = model.generate(**enc, max_new_tokens=32, num_beams=1)
            preds += tok.batch_decode(out, skip_special_tokens=True)
    score = 100 * sum(rouge1(p_, r["summary"]) for p_, r in zip(preds, val)) / len(val)
    label = "scratch" if a.scratch else "starter"
    print(f"FINETUNE {label} {a.model}: {step} steps in {time.time() - start:.0f}s, last-50 loss "
          f"{sum(last[-50:]) / 50:.3f}, ROUGE-1~{score:.1f}, degenerate {sum(map(degenerate, preds))}/200, "
          f"distinct {len(set(preds))}/200", flush=True)
    for p_, r in list(zip(preds, val))[:3]:
        print(f"  pred: {p_!r}\n  ref:  {r['summary']!r}", flush=True)


if __name__ == "__main__":
    main()
