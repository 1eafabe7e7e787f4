#!/usr/bin/env bash
# Finer split of hf-train's training step (HF_TRAIN_PROFILE=2: waits inside the model too) at two source lengths,
# next to the PyTorch replica's forward/backward split. One device call, carry .gpu.
set -uo pipefail
out=${OUT:-/tmp/profile-out}; mkdir -p "$out"
work=/tmp/profile; rm -rf "$work"; mkdir -p "$work"
gunzip -c .gpu/data/train.jsonl.gz > "$work/train.jsonl"
python3 .gpu/hf_reference.py model --tokenizer tests/Fixtures/tok-32k --config small --out "$work/t5-small" > "$out/model.log" 2>&1 || exit 1
for src in 512 64; do for bs in 32 128; do
  HF_TRAIN_PROFILE=2 bash .gpu/run.sh hf-train summarization --model_name_or_path "$work/t5-small" --do_train \
    --train_file "$work/train.jsonl" --max_train_samples $((bs * 60)) --max_steps 60 --per_device_train_batch_size $bs \
    --bf16 --tf32 true --max_source_length $src --max_target_length 128 --source_prefix "summarize: " \
    --text_column document --summary_column summary --save_strategy no --output_dir "$work/fine" --overwrite_output_dir > "$out/fine-$src-$bs.log" 2>&1
  echo "== fine src$src bs$bs"; grep -A20 "Step profile" "$out/fine-$src-$bs.log" | grep -v "^\*\*\*"
done; done
python3 bench/profile_replica.py "$work/train.jsonl" tests/Fixtures/tok-32k 32 60 eager 2>&1 | grep -E "variant|split"
python3 bench/profile_replica.py "$work/train.jsonl" tests/Fixtures/tok-32k 128 60 eager 2>&1 | grep -E "variant|split"
