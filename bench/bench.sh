#!/usr/bin/env bash
# On the GPU machine, in one device call on one card: hf-train and the Hugging Face peer (transformers 5.17
# Seq2SeqTrainer, ../shared/bench/hf_reference.py) on the same job — t5-small architecture from scratch with the
# tok-32k tokenizer, Debian summarization data, max_source 512 / max_target 128, 300 steps, bf16, batch 32 and 128;
# then generation (greedy and beam 4) of 1,024 validation rows with 64 new tokens, batch 128, from the same weights.
# Prints a table and a last line: RATIOS train_bs32=… train_bs128=… generate_greedy=… generate_beam4=… memory_bs128=…
# Usage: bash bench/bench.sh [STEPS]   (prepare .gpu first with bench/prepare.sh; results land in $OUT)
set -uo pipefail
steps=${1:-300}
source bench/setup.sh bench

for bs in 32 128; do
  n=$((bs * steps))
  peak hf-train-bs$bs bash .gpu/run.sh hf-train summarization --model_name_or_path "$work/t5-small" --do_train \
    --train_file "$work/train.jsonl" --max_train_samples $n --max_steps $steps --per_device_train_batch_size $bs \
    --bf16 --tf32 true --learning_rate 3e-4 --max_source_length 512 --max_target_length 128 --logging_steps 50 \
    --source_prefix "summarize: " --text_column document --summary_column summary \
    --save_strategy no --seed 0 --output_dir "$work/hft-bs$bs" --overwrite_output_dir
  peak peer-bs$bs python3 .gpu/hf_reference.py bench --model "$work/t5-small" --data "$work/train.jsonl" --bs $bs \
    --steps $steps --bf16 --out "$out/peer-bs$bs.json"
done

# generation from the same weights (hf-train's bs32 model) for both
model="$work/hft-bs32"
for beams in 1 4; do
  peak hf-train-gen$beams bash .gpu/run.sh hf-train summarization --model_name_or_path "$model" --do_predict \
    --predict_with_generate --test_file "$work/validation.jsonl" --max_predict_samples 1024 --source_prefix "summarize: " \
    --text_column document --summary_column summary \
    --per_device_eval_batch_size 128 --generation_max_length 65 --generation_num_beams $beams --bf16 \
    --max_source_length 512 --output_dir "$work/gen$beams" --overwrite_output_dir
done
# the peer one process per beam setting, as hf-train's: both sides pay their own warm-up in every number
for beams in 1 4; do
  peak peer-gen$beams python3 bench/peer_generate.py "$model" "$work/validation.jsonl" 1024 128 64 "$out/peer-gen-b$beams.json" "$work" bf16 $beams
done
# identical outputs: the same generations in float32 (no autocast, no TF32) on both sides
for beams in 1 4; do
  peak hf-train-gen$beams-fp32 bash .gpu/run.sh hf-train summarization --model_name_or_path "$model" --do_predict \
    --predict_with_generate --test_file "$work/validation.jsonl" --max_predict_samples 1024 --source_prefix "summarize: " \
    --text_column document --summary_column summary \
    --per_device_eval_batch_size 128 --generation_max_length 65 --generation_num_beams $beams \
    --max_source_length 512 --output_dir "$work/gen$beams-fp32" --overwrite_output_dir
done
for beams in 1 4; do
  peak peer-gen$beams-fp32 python3 bench/peer_generate.py "$model" "$work/validation.jsonl" 1024 128 64 "$out/peer-gen-fp32-b$beams.json" "$work" fp32 $beams
done
# the GPU tests (issue 7 item 6): fixture parity on CUDA in fp32, bf16 training lowers the loss, live tensors flat
bash .gpu/run.sh hf-train selftest --fixtures tests/Fixtures --steps 200 > "$out/selftest.log" 2>&1; echo "selftest exit $?" | tee -a "$out/summary.txt"
bash .gpu/run.sh hf-train env > "$out/env.log" 2>&1

python3 bench/report.py "$out" "$work" | tee "$out/report.txt"
