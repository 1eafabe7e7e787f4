# Sourced by the bench scripts on the GPU machine: $out holds the results ($OUT when the device tool runs them) and a
# fresh $work gets the Debian summarization data and a t5-small made from scratch (tok-32k) by the peer script;
# $out/gpu.txt names the card; peak NAME CMD... runs a command into $out/NAME.log and records its peak GPU memory.
# Usage: source bench/setup.sh NAME   (work folder /tmp/NAME)
out=${OUT:-/tmp/$1-out}; mkdir -p "$out"
work=/tmp/$1; rm -rf "$work"; mkdir -p "$work"
gunzip -c .gpu/data/train.jsonl.gz > "$work/train.jsonl"
cp .gpu/data/validation.jsonl "$work/validation.jsonl"
python3 .gpu/hf_reference.py model --tokenizer tests/Fixtures/tok-32k --config small --out "$work/t5-small" > "$out/model.log" 2>&1 \
  || { cat "$out/model.log"; exit 1; }
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader > "$out/gpu.txt"

# peak GPU memory of a command, as nvidia-smi sees its process (the same measure for both sides; includes the CUDA context)
peak() {  # peak NAME CMD...
  local name=$1; shift
  ( while true; do nvidia-smi --query-compute-apps=used_memory --format=csv,noheader,nounits 2>/dev/null | sort -n | tail -1; sleep 0.2; done ) > "$out/mem-$name.txt" &
  local poller=$!
  "$@" > "$out/$name.log" 2>&1; local rc=$?
  kill $poller 2>/dev/null; wait $poller 2>/dev/null
  echo "$name exit $rc, peak $(sort -n "$out/mem-$name.txt" | tail -1) MiB" | tee -a "$out/summary.txt"
  return $rc
}
