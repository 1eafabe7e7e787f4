#!/usr/bin/env bash
# On the GPU machine, in one device call on one card: the classification line of the bench — hf-train's
# `classification` task and the Hugging Face peer (transformers' Trainer with T5ForSequenceClassification,
# bench/peer_classification.py) on debian_sections, t5-small architecture from scratch (tok-32k) with a fresh head,
# batch 64, max_seq_length 256, bf16, dynamic padding to a multiple of 8 on both sides, STEPS steps.
# Prints both sides' samples/s and a last line: RATIOS classification_bs64=… (hf-train / HF) memory_cls_bs64=…
# Usage: bash bench/bench_classification.sh [STEPS]   (prepare .gpu first with bench/prepare.sh; results land in $OUT)
set -uo pipefail
steps=${1:-300}
bs=64
source bench/setup.sh bench-cls
gunzip -c .gpu/data/sections-train.jsonl.gz > "$work/sections-train.jsonl"

peak hf-train-cls bash .gpu/run.sh hf-train classification --model_name_or_path "$work/t5-small" --do_train \
  --train_file "$work/sections-train.jsonl" --text_column_names text --label_column_name label \
  --max_train_samples $((bs * steps)) --max_steps $steps --per_device_train_batch_size $bs --max_seq_length 256 \
  --pad_to_max_length false --bf16 --tf32 true --learning_rate 3e-4 --logging_steps 50 --save_strategy no --seed 0 \
  --output_dir "$work/hft-cls" --overwrite_output_dir
peak peer-cls python3 bench/peer_classification.py "$work/t5-small" "$work/sections-train.jsonl" $bs $steps 256 "$out/peer-cls.json"

python3 - "$out" "$work" <<'PY'
import json, sys
out, work = sys.argv[1], sys.argv[2]
def load(p):
    try: return json.load(open(p))
    except Exception: return {}
def peak(name):
    try: return max(int(x) for x in open(f"{out}/mem-{name}.txt") if x.strip().isdigit()) / 1024
    except Exception: return float("nan")
h = load(f"{work}/hft-cls/train_results.json").get("train_samples_per_second", float("nan"))
p = load(f"{out}/peer-cls.json").get("train_samples_per_second", float("nan"))
print(f"card: {open(f'{out}/gpu.txt').read().strip()}")
print(f"classification bs64 seq256 bf16 samples/s: hf-train {h:.2f}  HF {p:.2f}")
print(f"classification peak GPU memory (GiB, nvidia-smi): hf-train {peak('hf-train-cls'):.2f}  HF {peak('peer-cls'):.2f}")
print(f"RATIOS classification_bs64={h / p if p else float('nan'):.2f} memory_cls_bs64={peak('hf-train-cls') / peak('peer-cls'):.2f}")
PY
