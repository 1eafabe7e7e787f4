#!/usr/bin/env python3
"""Turns bench.sh's outputs into the table and the RATIOS line (hf-train / Hugging Face, same card, same call)."""
import json, os, re, sys

out, work = sys.argv[1], sys.argv[2]
def load(p):
    try:
        return json.load(open(p))
    except Exception:
        return {}
def peak(name):
    try:
        return max(int(x) for x in open(f"{out}/mem-{name}.txt") if x.strip().isdigit()) / 1024
    except Exception:
        return float("nan")
def tokens(path, n):
    # real (non-pad) tokens are what both read; the peer reports them, hf-train's equal them for the same rows
    return None

rows, ratios = [], {}
for bs in (32, 128):
    hft = load(f"{work}/hft-bs{bs}/train_results.json")
    peer = load(f"{out}/peer-bs{bs}.json")
    h, p = hft.get("train_samples_per_second", float("nan")), peer.get("train_samples_per_second", float("nan"))
    # real (non-pad) tokens per sample of the rows both read; both sides' samples/s times it (the peer's own
    # train_tokens_per_second divides one pass's tokens by a run that may see more than one pass)
    tok_per_sample = (peer.get("src_tokens", 0) + peer.get("tgt_tokens", 0)) / max(1, peer.get("examples", 1))
    rows.append((f"train bs{bs} samples/s", h, p))
    rows.append((f"train bs{bs} real tokens/s", h * tok_per_sample, p * tok_per_sample))
    rows.append((f"train bs{bs} peak GPU memory (GiB, nvidia-smi)", peak(f"hf-train-bs{bs}"), peak(f"peer-bs{bs}")))
    rows.append((f"train bs{bs} peak allocated by the peer (GiB, torch)", float("nan"), peer.get("peak_mem_gib", float("nan"))))
    ratios[f"train_bs{bs}"] = h / p if p else float("nan")
def identical(mine, peer):
    try:
        a = [l.rstrip("\n") for l in open(mine, encoding="utf-8")]
        b = [l.rstrip("\n") for l in open(peer, encoding="utf-8")]
        return sum(x == y for x, y in zip(a, b)) / max(1, len(b))
    except Exception:
        return float("nan")
for suffix, label in (("", "bf16"), ("-fp32", "fp32")):
    gen = {**load(f"{out}/peer-gen{suffix}.json"), **load(f"{out}/peer-gen{suffix}-b1.json"), **load(f"{out}/peer-gen{suffix}-b4.json")}
    for beams, key in ((1, "greedy"), (4, "beam4")):
        pred = load(f"{work}/gen{beams}{suffix}/predict_results.json")
        h = pred.get("predict_samples_per_second", float("nan"))
        p = gen.get(f"beams{beams}_examples_per_second", float("nan"))
        rows.append((f"generate {key} {label} examples/s (hf-train: whole predict pass)", h, p))
        rows.append((f"generate {key} {label} peak GPU memory (GiB, nvidia-smi)", peak(f"hf-train-gen{beams}{suffix}"), peak(f"peer-gen{beams}{suffix}")))
        rows.append((f"generate {key} {label} identical predictions (share)",
                     identical(f"{work}/gen{beams}{suffix}/generated_predictions.txt", f"{work}/peer-gen{beams}{suffix}.txt"), 1.0))
        if label == "bf16":
            ratios[f"generate_{key}"] = h / p if p else float("nan")

ratios["memory_bs128"] = peak("hf-train-bs128") / peak("peer-bs128")
ratios["memory_bs32"] = peak("hf-train-bs32") / peak("peer-bs32")
print(f"card: {open(f'{out}/gpu.txt').read().strip()}")
print(f"{'measure':58} {'hf-train':>12} {'HF':>12} {'ratio':>7}")
for name, h, p in rows:
    ratio = h / p if p and p == p and h == h else float("nan")
    print(f"{name:58} {h:12.2f} {p:12.2f} {ratio:7.2f}")
print("RATIOS " + " ".join(f"{k}={v:.2f}" for k, v in ratios.items()))
