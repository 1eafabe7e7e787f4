#!/usr/bin/env bash
# On the GPU machine (16 CPUs): tokenizing the 30,392-row summarization train set ("summarize: " + document to 512
# tokens, summary to 128), hf-train (--dry_run, 16 workers, no cache) against Hugging Face's fast tokenizer (Rust,
# batched, all cores). hf-train's time is the dry run minus the same run on 1 row (start-up, model-free report).
set -uo pipefail
work=/tmp/tokbench; mkdir -p "$work"
[[ -f $work/train.jsonl ]] || gunzip -c .gpu/data/train.jsonl.gz > "$work/train.jsonl"
run() { bash .gpu/run.sh hf-train summarization --config_name t5-small \
  --tokenizer_name tests/Fixtures/tok-32k --dry_run --do_train --train_file "$work/train.jsonl" --source_prefix "summarize: " \
  --max_source_length 512 --max_target_length 128 --preprocessing_num_workers 16 --text_column document --summary_column summary "$@" > /dev/null; }
run --max_train_samples 1                                   # warm the app's files
t0=$(date +%s.%N); run --max_train_samples 1; t1=$(date +%s.%N); run; t2=$(date +%s.%N)
python3 - "$t0" "$t1" "$t2" "$work/train.jsonl" <<'PY'
import json, sys, time
from transformers import AutoTokenizer
t0, t1, t2, path = float(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
rows = [json.loads(l) for l in open(path, encoding="utf-8") if l.strip()]
tok = AutoTokenizer.from_pretrained("tests/Fixtures/tok-32k")
s = time.time()
enc = tok(["summarize: " + r["document"] for r in rows], max_length=512, truncation=True)
lab = tok(text_target=[r["summary"] for r in rows], max_length=128, truncation=True)
hf = time.time() - s
n = sum(len(x) for x in enc["input_ids"]) + sum(len(x) for x in lab["input_ids"])
ours = (t2 - t1) - (t1 - t0)
print(f"rows {len(rows)}, tokens {n}: hf-train {ours:.2f} s ({n/ours/1e6:.2f} M tokens/s, 16 workers); "
      f"HF fast tokenizer {hf:.2f} s ({n/hf/1e6:.2f} M tokens/s); ratio hf-train/HF speed {hf/ours:.2f}")
PY
