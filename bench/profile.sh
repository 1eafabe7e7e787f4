#!/usr/bin/env bash
# On the GPU machine (one device call, carry .gpu): where hf-train's time goes.
# HF_TRAIN_PROFILE=1 makes the trainer and the evaluator print, per phase, the host's issue time and the device's
# remaining time (docs/PERFORMANCE.md); selftest then prints the host cost of one TorchSharp op.
# bench/profile_replica.py is the training step written in PyTorch, with torch.profiler's kernel table.
# Usage: bash bench/profile.sh [STEPS]
set -uo pipefail
steps=${1:-100}
out=${OUT:-/tmp/profile-out}; mkdir -p "$out"
work=/tmp/profile; rm -rf "$work"; mkdir -p "$work"
gunzip -c .gpu/data/train.jsonl.gz > "$work/train.jsonl"
cp .gpu/data/validation.jsonl "$work/validation.jsonl"
python3 .gpu/hf_reference.py model --tokenizer tests/Fixtures/tok-32k --config small --out "$work/t5-small" > "$out/model.log" 2>&1 || { cat "$out/model.log"; exit 1; }
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader
common=(--bf16 --tf32 true --max_source_length 512 --source_prefix "summarize: " --text_column document --summary_column summary --overwrite_output_dir)
train() {  # train NAME BS STEPS [extra args]
  local name=$1 bs=$2 n=$3; shift 3
  bash .gpu/run.sh hf-train summarization --model_name_or_path "$work/t5-small" --do_train \
    --train_file "$work/train.jsonl" --max_train_samples $((bs * n)) --max_steps $n --per_device_train_batch_size $bs \
    --learning_rate 3e-4 --max_target_length 128 --logging_steps 50 --save_strategy no --seed 0 \
    --output_dir "$work/$name" "${common[@]}" "$@" > "$out/$name.log" 2>&1
  echo "== $name rc=$?"; grep -A8 "Step profile" "$out/$name.log"; grep -E "train_samples_per_second|steps/s|rror" "$out/$name.log" | tail -3
}
predict() {  # predict NAME BEAMS [extra]
  local name=$1 beams=$2; shift 2
  bash .gpu/run.sh hf-train summarization --model_name_or_path "$work/t5-small" --do_predict --predict_with_generate \
    --test_file "$work/validation.jsonl" --max_predict_samples 1024 --per_device_eval_batch_size 128 \
    --generation_max_length 65 --generation_num_beams $beams --output_dir "$work/$name" "${common[@]}" "$@" > "$out/$name.log" 2>&1
  echo "== $name rc=$?"; grep -A6 "batch profile" "$out/$name.log"; grep -E "predict_samples_per_second|predict_runtime|rror" "$out/$name.log" | tail -3
}
HF_TRAIN_PROFILE=1 bash .gpu/run.sh hf-train selftest --fixtures tests/Fixtures --steps 5 2>&1 | head -2
HF_TRAIN_PROFILE=1 train prof-bs32 32 "$steps"
HF_TRAIN_PROFILE=1 train prof-bs128 128 "$steps"
train plain-bs32 32 "$steps"
PYTORCH_CUDA_ALLOC_CONF=expandable_segments:True train plain-bs32-expandable 32 "$steps"
train plain-bs128 128 "$steps"
HF_TRAIN_PROFILE=1 predict gen1 1
HF_TRAIN_PROFILE=1 predict gen4 4
python3 - <<'PY'
import time, torch
x = torch.randn(128, 512, device="cuda"); w = torch.randn(512, 512, device="cuda")
for name, op in [("add", lambda: x.add(x)), ("add_", lambda: x.add_(0.0)), ("linear", lambda: torch.nn.functional.linear(x, w)),
                 ("view+transpose", lambda: x.view(128, 8, 64).transpose(0, 1))]:
    for _ in range(1000): op()
    torch.cuda.synchronize(); t = time.perf_counter()
    for _ in range(20000): op()
    torch.cuda.synchronize(); print(f"python {name} {(time.perf_counter() - t) / 20000 * 1e6:.1f} us")
PY
python3 bench/profile_replica.py "$work/train.jsonl" tests/Fixtures/tok-32k 32 60 eager --profile > "$out/replica-eager-32.log" 2>&1
echo "== replica eager bs32 rc=$?"; grep -v Warning "$out/replica-eager-32.log" | cut -c1-70,160-230 | head -40
