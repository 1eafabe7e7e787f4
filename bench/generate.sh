#!/usr/bin/env bash
# On the GPU machine: the generation half of bench.sh alone (hf-train trains the shared t5-small 300 steps at bs128
# first, so both generate from the same partly trained weights). Usage: bash bench/generate.sh
set -uo pipefail
source bench/setup.sh bench
bash .gpu/run.sh hf-train summarization --model_name_or_path "$work/t5-small" --do_train --train_file "$work/train.jsonl" \
  --max_steps 300 --per_device_train_batch_size 128 --bf16 --tf32 true --learning_rate 3e-4 --source_prefix "summarize: " \
  --text_column document --summary_column summary \
  --max_source_length 512 --max_target_length 128 --save_strategy no --seed 0 --output_dir "$work/hft-bs32" > "$out/train.log" 2>&1
sed -n '/^# generation from the same weights/,$p' bench/bench.sh | grep -v 'report.py' > "$work/gen-part.sh"
source "$work/gen-part.sh"
python3 bench/report.py "$out" "$work" 2>/dev/null | grep -E "card|measure|generate" | tee "$out/report.txt"
