#!/usr/bin/env bash
# Quick check on the GPU machine: training step profile at batch 32 and 128 (HF_TRAIN_PROFILE=1), then the predict
# pass (greedy and beam 4, 1,024 rows) of the trained batch-32 model with the evaluator's profile. Carry .gpu.
set -uo pipefail
steps=${1:-300}
out=${OUT:-/tmp/profile-out}; mkdir -p "$out"
work=/tmp/profile; rm -rf "$work"; mkdir -p "$work"
gunzip -c .gpu/data/train.jsonl.gz > "$work/train.jsonl"
cp .gpu/data/validation.jsonl "$work/validation.jsonl"
python3 .gpu/hf_reference.py model --tokenizer tests/Fixtures/tok-32k --config small --out "$work/t5-small" > "$out/model.log" 2>&1 || exit 1
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
