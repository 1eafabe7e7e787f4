# Sourced by the bench scripts on the GPU machine: $out holds the results ($OUT when the device tool runs them) and a
# fresh $work gets the Debian summarization data and a t5-small made from scratch (tok-32k) by the peer script;
# $out/gpu.txt names the card. Usage: source bench/setup.sh NAME   (work folder /tmp/NAME)
out=${OUT:-/tmp/$1-out}; mkdir -p "$out"
work=/tmp/$1; rm -rf "$work"; mkdir -p "$work"
gunzip -c .gpu/data/train.jsonl.gz > "$work/train.jsonl"
cp .gpu/data/validation.jsonl "$work/validation.jsonl"
python3 .gpu/hf_reference.py model --tokenizer tests/Fixtures/tok-32k --config small --out "$work/t5-small" > "$out/model.log" 2>&1 \
  || { cat "$out/model.log"; exit 1; }
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader > "$out/gpu.txt"
