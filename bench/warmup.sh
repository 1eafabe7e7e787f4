#!/usr/bin/env bash
# On the GPU machine (carry .gpu): where a predict pass's time goes — the first batch (a fresh process's warm-up) and
# the steady batches, per phase (HF_TRAIN_PROFILE=2: loss, encoder blocks, first decoding step, the other steps) —
# for beam 4 and greedy, with and without the fused layer norm (HF_TRAIN_FUSED_RMS_NORM=0), next to the peer's per-batch
# times from the same weights; then the GPU tests (hf-train selftest).
set -uo pipefail
source bench/setup.sh warmup
common=(--bf16 --tf32 true --max_source_length 512 --source_prefix "summarize: " --text_column document --summary_column summary --overwrite_output_dir)
bash .gpu/run.sh hf-train summarization --model_name_or_path "$work/t5-small" --do_train --train_file "$work/train.jsonl" \
  --max_train_samples 9600 --max_steps 300 --per_device_train_batch_size 32 --learning_rate 3e-4 --max_target_length 128 \
  --save_strategy no --seed 0 --output_dir "$work/bs32" "${common[@]}" > "$out/train.log" 2>&1 || { tail "$out/train.log"; exit 1; }
predict() {  # predict NAME BEAMS [env...]
  local name=$1 beams=$2; shift 2
  env "$@" bash .gpu/run.sh hf-train summarization --model_name_or_path "$work/bs32" --do_predict --predict_with_generate \
    --test_file "$work/validation.jsonl" --max_predict_samples 1024 --per_device_eval_batch_size 128 \
    --generation_max_length 65 --generation_num_beams $beams --output_dir "$work/$name" "${common[@]}" > "$out/$name.log" 2>&1
  echo "== $name rc=$?"; grep -A14 "batch profile" "$out/$name.log" | grep -v "^\*"; grep -E "predict_(runtime|samples_per|loss)" "$out/$name.log"
}
predict beam4 4 HF_TRAIN_X=0
predict beam4-unfused 4 HF_TRAIN_FUSED_RMS_NORM=0
predict beam4-profiled 4 HF_TRAIN_PROFILE=2
predict greedy 1 HF_TRAIN_X=0
predict greedy-unfused 1 HF_TRAIN_FUSED_RMS_NORM=0
predict greedy-profiled 1 HF_TRAIN_PROFILE=2
for beams in 4 1; do
  python3 bench/peer_generate.py "$work/bs32" "$work/validation.jsonl" 1024 128 64 "$out/peer-b$beams.json" "$work" bf16 $beams > /dev/null 2>&1
  python3 -c "import json,sys; r=json.load(open(sys.argv[1])); print('== peer beams', sys.argv[2], {k: v for k, v in r.items() if k != 'examples'})" "$out/peer-b$beams.json" $beams
done
for name in beam4 beam4-unfused greedy greedy-unfused; do
  beams=$([[ $name == beam4* ]] && echo 4 || echo 1)
  python3 - "$work/$name/generated_predictions.txt" "$work/peer-gen$beams.txt" <<'PY'
import sys
a = open(sys.argv[1], encoding="utf-8").read().splitlines(); b = open(sys.argv[2], encoding="utf-8").read().splitlines()
print(f"identical {sys.argv[1].split('/')[-2]}: {sum(x.rstrip() == y for x, y in zip(a, b))}/{len(b)}")
PY
done
bash .gpu/run.sh hf-train selftest --fixtures tests/Fixtures --steps 200 > "$out/selftest.log" 2>&1; echo "selftest exit $?"; grep -E "PASS|FAIL|passed|failed" "$out/selftest.log" | tail -12
