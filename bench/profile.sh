#!/usr/bin/env bash
# Where hf-train's time goes, on the GPU machine (one device call, carry .gpu; see docs/PERFORMANCE.md):
#  - the host cost of one TorchSharp op next to PyTorch's (selftest with HF_TRAIN_PROFILE=1);
#  - the training step at batch 32 and 128: per phase, host issue time + device wait (HF_TRAIN_PROFILE=1; PROFILE=2
#    adds marks inside the model: embeddings, bias, first block, encoder, decoder, head);
#  - the predict pass (greedy and beam 4, 1,024 rows) of the trained batch-32 model, per batch;
#  - bench/profile_replica.py: the same training step written in PyTorch, with torch.profiler's kernel table.
# Usage: bash bench/profile.sh [STEPS]   (PROFILE=2 for the fine split, FINE=1 for a fine predict profile too)
set -uo pipefail
steps=${1:-300}
source bench/setup.sh profile
HF_TRAIN_PROFILE=1 bash .gpu/run.sh hf-train selftest --fixtures tests/Fixtures --steps 5 2>&1 | grep "op overhead"
python3 - <<'PY'
import time, torch
x = torch.randn(128, 512, device="cuda"); w = torch.randn(512, 512, device="cuda")
for name, op in [("add", lambda: x.add(x)), ("add_", lambda: x.add_(0.0)), ("linear", lambda: torch.nn.functional.linear(x, w)),
                 ("view+transpose", lambda: x.view(128, 8, 64).transpose(0, 1))]:
    for _ in range(1000): op()
    torch.cuda.synchronize(); t = time.perf_counter()
    for _ in range(20000): op()
    torch.cuda.synchronize(); print(f"PyTorch op overhead: {name} {(time.perf_counter() - t) / 20000 * 1e6:.1f} us")
PY
common=(--bf16 --tf32 true --max_source_length 512 --source_prefix "summarize: " --text_column document --summary_column summary --overwrite_output_dir)
for bs in 32 128; do
  HF_TRAIN_PROFILE=${PROFILE:-1} bash .gpu/run.sh hf-train summarization --model_name_or_path "$work/t5-small" --do_train \
    --train_file "$work/train.jsonl" --max_train_samples $((bs * steps)) --max_steps $steps --per_device_train_batch_size $bs \
    --learning_rate 3e-4 --max_target_length 128 --logging_steps 100 --save_strategy no --seed 0 \
    --output_dir "$work/bs$bs" "${common[@]}" > "$out/train-$bs.log" 2>&1
  echo "== train bs$bs rc=$?"; grep -A9 "Step profile" "$out/train-$bs.log" | grep -v "^\*"; grep -E "samples_per_second|Attention|rror" "$out/train-$bs.log"
done
for beams in 1 4; do
  HF_TRAIN_PROFILE=1 bash .gpu/run.sh hf-train summarization --model_name_or_path "$work/bs32" --do_predict --predict_with_generate \
    --test_file "$work/validation.jsonl" --max_predict_samples 1024 --per_device_eval_batch_size 128 \
    --generation_max_length 65 --generation_num_beams $beams --output_dir "$work/gen$beams" "${common[@]}" > "$out/gen$beams.log" 2>&1
  echo "== gen beams$beams rc=$?"; grep -A6 "batch profile" "$out/gen$beams.log" | grep -v "^\*"; grep -E "predict_samples_per_second|gen_len|rror" "$out/gen$beams.log"
done
if [ "${FINE:-0}" = 1 ]; then
  HF_TRAIN_PROFILE=2 bash .gpu/run.sh hf-train summarization --model_name_or_path "$work/bs32" --do_predict --predict_with_generate \
    --test_file "$work/validation.jsonl" --max_predict_samples 1024 --per_device_eval_batch_size 128 \
    --generation_max_length 65 --generation_num_beams 1 --output_dir "$work/genfine" "${common[@]}" > "$out/genfine.log" 2>&1
  echo "== gen fine rc=$?"; grep -A14 "batch profile" "$out/genfine.log" | grep -v "^\*"
fi
python3 bench/profile_replica.py "$work/train.jsonl" tests/Fixtures/tok-32k 32 60 eager --profile > "$out/replica-eager-32.log" 2>&1
echo "== PyTorch replica (eager attention) bs32 rc=$?"; grep -E "variant|split|Self CUDA time total" "$out/replica-eager-32.log"
