#!/usr/bin/env bash
# On the GPU machine (one device call, carry [".gpu"] after bench/prepare.sh): the starter recipe on the full Debian
# summarization set. hf-train fine-tunes hf-train/starter-t5 on the 30,392 training rows (lr 1e-3, 3 epochs, batch
# 32, 256 source tokens) and evaluates and predicts on the validation rows with greedy generation; then transformers loads the
# folder hf-train wrote and must generate the same first predictions (tools/starter/transformers_check.py).
# Usage: bash tools/starter/gpu_finetune.sh [OUT_DIR]
set -uo pipefail
out=${1:-${OUT:-/tmp}/starter-full}
work=$(mktemp -d)
gunzip -c .gpu/data/train.jsonl.gz > "$work/train.jsonl"
bash .gpu/run.sh hf-train summarization --model_name_or_path hf-train/starter-t5 --do_train --do_eval \
  --train_file "$work/train.jsonl" --validation_file .gpu/data/validation.jsonl --do_predict --test_file .gpu/data/validation.jsonl --text_column document \
  --summary_column summary --learning_rate 1e-3 --num_train_epochs 3 --per_device_train_batch_size 32 \
  --per_device_eval_batch_size 64 --max_source_length 256 --val_max_target_length 32 --predict_with_generate \
  --group_by_length --logging_steps 200 --save_strategy no --disable_tqdm true --output_dir "$out" \
  --overwrite_output_dir > "$work/run.log" 2>&1
status=$?
tail -n 25 "$work/run.log"
(( status == 0 )) || { echo "FAIL starter fine-tune exit $status"; exit $status; }
python3 "$(dirname "$0")/transformers_check.py" "$out" .gpu/data/validation.jsonl
