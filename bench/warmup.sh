#!/usr/bin/env bash
# On the GPU machine (carry .gpu): how much of a beam-4 predict run is the first batch's warm-up, and how much of that
# is CUDA's lazy kernel loading (CUDA_MODULE_LOADING=EAGER moves it into context creation, outside the timed pass).
set -uo pipefail
source bench/setup.sh warmup
common=(--bf16 --tf32 true --max_source_length 512 --source_prefix "summarize: " --text_column document --summary_column summary --overwrite_output_dir)
bash .gpu/run.sh hf-train summarization --model_name_or_path "$work/t5-small" --do_train --train_file "$work/train.jsonl" \
  --max_train_samples 9600 --max_steps 300 --per_device_train_batch_size 32 --learning_rate 3e-4 --max_target_length 128 \
  --save_strategy no --seed 0 --output_dir "$work/bs32" "${common[@]}" > "$out/train.log" 2>&1 || { tail "$out/train.log"; exit 1; }
predict() {  # predict NAME [env...]
  local name=$1; shift
  env "$@" bash .gpu/run.sh hf-train summarization --model_name_or_path "$work/bs32" --do_predict --predict_with_generate \
    --test_file "$work/validation.jsonl" --max_predict_samples 1024 --per_device_eval_batch_size 128 \
    --generation_max_length 65 --generation_num_beams 4 --output_dir "$work/$name" "${common[@]}" > "$out/$name.log" 2>&1
  echo "== $name rc=$?"; grep -A8 "batch profile" "$out/$name.log" | grep -v "^\*"; grep -E "predict_runtime|predict_samples_per" "$out/$name.log"
}
predict plain HF_TRAIN_X=0
predict profiled HF_TRAIN_PROFILE=1
predict eager-modules HF_TRAIN_PROFILE=1 CUDA_MODULE_LOADING=EAGER
predict eager-modules-plain CUDA_MODULE_LOADING=EAGER
