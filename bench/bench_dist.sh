#!/usr/bin/env bash
# Weak scaling of hf-train's distributed runner against transformers' Seq2SeqTrainer under torchrun (issue 15, item 7),
# in ONE device call on a machine with 1, 2, 4 or 8 GPUs (counted with nvidia-smi). Job as bench/bench.sh: t5-small
# architecture from scratch with tok-32k, Debian summarization, max_source 512 / max_target 128, bf16, 32 rows per GPU
# per step, STEPS steps (default 200) at every world size N:
#   hf-train   N=1 a plain run; N=2,4,8 (<= the GPUs) `hf-train launch --standalone --nproc_per_node N --backend nccl`
#   checks     a world of 1 through NCCL (`hf-train launch --nproc_per_node 1`) and hf-train workers under PyTorch's own
#              torchrun and its agent store (`torchrun --no-python --nproc_per_node 1 …`, and at the largest N > 1):
#              PASS/FAIL with their samples/s
#   peer       bench/peer_dist.py (Seq2SeqTrainer, the same setup as hf_reference.py bench): plain python3 at N=1,
#              `torchrun --standalone --nproc_per_node N` above
# Prints a table and a last line: RATIOS scale_2=… scale_4=… scale_8=… vs_hf_1=… vs_hf_2=… … (only for the N that ran;
# scale_N = samples/s at N / (N × samples/s at 1), vs_hf_N = hf-train / Seq2SeqTrainer at N).
# Every run is time-boxed and the whole call keeps within BENCH_DIST_BUDGET seconds (default 560): a run that fails or
# does not fit is reported as such and the others still print.
# Usage: bash bench/bench_dist.sh [STEPS]  (prepare .gpu first with bench/prepare.sh; device call with carry [".gpu"];
#        results under $OUT). BENCH_DIST_CPU=1: the same flow on the CPU here — tests/Fixtures/tiny, 2 ranks through
#        Open MPI (`--backend mpi`), 4 rows per rank, STEPS default 10; hf-train from $HF_TRAIN or src/Host/bin;
#        the torchrun checks are skipped (on the CPU hf-train joins mpirun worlds only); the peer needs PyTorch.
set -uo pipefail
cd "$(dirname "$0")/.."
cpu=${BENCH_DIST_CPU:-0}
budget=${BENCH_DIST_BUDGET:-560}
t_start=$SECONDS
export HF_TRAIN_NCCL_TIMEOUT=${HF_TRAIN_NCCL_TIMEOUT:-120}   # a hung collective ends its rank instead of the call
export NCCL_DEBUG=${NCCL_DEBUG:-WARN}

have_torch() { python3 -c "import torch, transformers" > /dev/null 2>&1; }
if command -v torchrun > /dev/null 2>&1; then torchrun=(torchrun)
elif have_torch; then torchrun=(python3 -m torch.distributed.run)
else torchrun=(); fi

if [[ $cpu == 1 ]]; then
  steps=${1:-10}; bs=4; backend=mpi; unit=CPU
  out=${OUT:-/tmp/bench-dist-cpu-out}; mkdir -p "$out"
  work=/tmp/bench-dist-cpu; rm -rf "$work"; mkdir -p "$work"
  model=tests/Fixtures/tiny; data=tests/Fixtures/workflow/summarization-train.jsonl
  bin=${HF_TRAIN:-}
  if [[ -z $bin ]]; then
    for b in src/Host/bin/Release/*/hf-train src/Host/bin/Debug/*/hf-train; do [[ -x $b ]] && { bin=$b; break; }; done
  fi
  [[ -n $bin && -x $bin ]] || { echo "no hf-train build: dotnet build src/Host -c Release, or set HF_TRAIN"; exit 1; }
  hft=("$bin")
  precision=(--use_cpu); peer_precision=(--cpu)
  ns=(1 2); units=2
  echo "cpu (BENCH_DIST_CPU=1), $(nproc) cores" > "$out/gpu.txt"
else
  steps=${1:-200}; bs=32; backend=nccl; unit=GPU
  source bench/setup.sh bench-dist             # $out, $work, $work/t5-small, $work/train.jsonl, $out/gpu.txt
  model=$work/t5-small; data=$work/train.jsonl
  hft=(bash .gpu/run.sh hf-train)
  precision=(--bf16 --tf32 true); peer_precision=(--bf16)
  units=$(nvidia-smi -L 2>/dev/null | grep -c '^GPU')
  ns=(1); for n in 2 4 8; do (( n <= units )) && ns+=("$n"); done
  # unpack the app once, before any group of ranks starts run.sh at the same time
  "${hft[@]}" env > "$out/env.log" 2>&1 || { echo "hf-train env failed:"; tail -20 "$out/env.log"; }
fi
rows=$(grep -c . "$data")
logging=$(( steps >= 100 ? 50 : (steps >= 4 ? steps / 4 : 1) ))   # hf-train's steady rate: from the first log line on
max_n=${ns[-1]}
results=$out/results.tsv; : > "$results"
echo "bench_dist: $unit x $units ($(cat "$out/gpu.txt" | head -1)); worlds ${ns[*]}; $steps steps of $bs rows per $unit; budget ${budget}s" | tee "$out/summary.txt"

# wait until the GPUs hold no process (a run that ended must not overlap the next one)
settle() {
  [[ $cpu == 1 ]] && return
  for _ in $(seq 1 40); do
    [[ -z $(nvidia-smi --query-compute-apps=pid --format=csv,noheader 2>/dev/null) ]] && return
    sleep 0.5
  done
}

# timed NAME CAP CMD...: run CMD with its output in $out/NAME.log, at most CAP seconds and never past the budget
timed() {
  local name=$1 cap=$2; shift 2
  local left=$(( budget - (SECONDS - t_start) - 15 ))
  (( left < cap )) && cap=$left
  rm -f "$out/$name.log"
  if (( cap < 30 )); then echo "$name: not run (the call's time budget is spent)" | tee -a "$out/summary.txt"; return 124; fi
  local t0=$SECONDS
  timeout -k 10 "$cap" "$@" > "$out/$name.log" 2>&1; local rc=$?
  echo "$name: exit $rc after $(( SECONDS - t0 ))s (limit ${cap}s)" | tee -a "$out/summary.txt"
  (( rc != 0 )) && tail -n 8 "$out/$name.log" | sed 's/^/    /'
  settle
  return $rc
}

samples_for() { local n=$(( bs * steps * $1 )); (( n > rows )) && n=$rows; echo $n; }

task() {  # task N OUTPUT_DIR: sets T, the summarization options, the same at every world size
  T=(summarization --model_name_or_path "$model" --do_train --train_file "$data"
    --max_train_samples "$(samples_for "$1")" --max_steps "$steps" --per_device_train_batch_size "$bs"
    "${precision[@]}" --learning_rate 3e-4 --max_source_length 512 --max_target_length 128 --logging_steps "$logging"
    --source_prefix "summarize: " --text_column document --summary_column summary
    --save_strategy no --seed 0 --output_dir "$2" --overwrite_output_dir)
}

# record SIDE NAME N RC LOG RESULT_JSON EXPECT_WORLD
record() {
  local side=$1 name=$2 n=$3 rc=$4 log=$5 json=$6 world=$7
  python3 - "$side" "$name" "$n" "$rc" "$log" "$json" "$world" "$backend" >> "$results" <<'EOF'
import json, re, sys
side, name, n, rc, log, path, world, backend = sys.argv[1:9]
try:
    r = json.load(open(path))
except Exception:
    r = {}
sps = r.get("train_samples_per_second")
steady = r.get("steady_samples_per_second")
try:
    text = open(log, errors="replace").read()
except Exception:
    print("\t".join([side, name, n, "NOT RUN", "", "", rc, "the call's time budget was spent"]))
    sys.exit(0)
if side == "hf-train" and sps:
    # steady rate from the progress lines "[step K/T, R steps/s": the cumulative rate gives the time at each K
    marks = [(int(k), int(k) / float(rate)) for k, rate in re.findall(r"\[step (\d+)/\d+, ([0-9.]+) steps/s", text) if float(rate) > 0]
    if len(marks) >= 2 and marks[-1][0] > marks[0][0] and marks[-1][1] > marks[0][1]:
        (k0, t0), (k1, t1) = marks[0], marks[-1]
        steady = (k1 - k0) / (t1 - t0) * float(sps) / (float(r.get("train_steps_per_second") or 0) or float("nan"))
joined = world == "-" or re.search(rf"World: {world} processes, backend {backend}", text) is not None
ok = rc == "0" and sps is not None and joined
print("\t".join([side, name, n, "PASS" if ok else "FAIL", str(sps or ""), str(steady or ""), rc,
                 "" if joined else f"no 'World: {world} processes, backend {backend}' line"]))
EOF
}

# hf-train: N=1 plain, a world of 1 through the launcher's backend, torchrun workers, then N>1 through the launcher
run_hft() {  # run_hft NAME N WORLD_CHECK LAUNCHER_WORDS...
  local name=$1 n=$2 world=$3; shift 3
  local dir=$work/$name; rm -rf "$dir"
  task "$n" "$dir"
  timed "$name" 150 "$@" "${T[@]}"; local rc=$?
  record hf-train "$name" "$n" "$rc" "$out/$name.log" "$dir/train_results.json" "$world"
}
launch=("${hft[@]}" launch --standalone --backend "$backend" --nproc_per_node)
skip() { printf '%s\t%s\t%s\tSKIP\t\t\t\t%s\n' "$@" >> "$results"; }

run_hft hft-1 1 - "${hft[@]}"
run_hft check-launch-1 1 1 "${launch[@]}" 1
if [[ $cpu == 1 ]]; then skip checks check-torchrun-1 1 "hf-train on the CPU joins mpirun worlds only"
elif (( ${#torchrun[@]} == 0 )); then skip checks check-torchrun-1 1 "no torchrun"
else run_hft check-torchrun-1 1 1 "${torchrun[@]}" --standalone --nproc_per_node 1 --no-python "${hft[@]}"; fi
for n in "${ns[@]:1}"; do
  run_hft "hft-$n" "$n" "$n" "${launch[@]}" "$n"
done
if (( max_n > 1 )) && [[ $cpu != 1 ]] && (( ${#torchrun[@]} > 0 )); then
  run_hft "check-torchrun-$max_n" "$max_n" "$max_n" "${torchrun[@]}" --standalone --nproc_per_node "$max_n" --no-python "${hft[@]}"
fi

# the peer (slower: it runs last so that hf-train's numbers are in even if the budget runs out)
if have_torch; then
  # N=1, then the largest worlds first: the comparison on the whole machine is the one to keep if time runs short
  for n in 1 $(printf '%s\n' "${ns[@]:1}" | sort -rn); do
    rm -f "$out/peer-$n.json"
    peer=(bench/peer_dist.py --model "$model" --data "$data" --bs "$bs" --steps "$steps" --warm "$logging" "${peer_precision[@]}" --out "$out/peer-$n.json")
    if (( n == 1 )); then timed "peer-$n" 200 python3 "${peer[@]}"
    else timed "peer-$n" 200 "${torchrun[@]}" --standalone --nproc_per_node "$n" "${peer[@]}"; fi
    record peer "peer-$n" "$n" $? "$out/peer-$n.log" "$out/peer-$n.json" -
  done
else
  skip peer peer - "no PyTorch + transformers here"
fi

python3 - "$results" "$unit" "$steps" "$bs" <<'EOF' | tee "$out/report.txt"
import sys
path, unit, steps, bs = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
rows = [l.rstrip("\n").split("\t") for l in open(path) if l.strip()]
def num(x):
    try: return float(x)
    except ValueError: return None
def fmt(x): return f"{x:10.1f}" if x is not None else f"{'-':>10}"
side = {}
for r in rows:
    if r[1] == "hft-" + r[2] or r[1] == "peer-" + r[2]:
        side[(r[0], int(r[2]))] = r
print(f"\nweak scaling, {bs} rows per {unit} per step, {steps} steps; samples/s of all ranks together "
      "(train_samples_per_second; steady: after the first log step)")
print(f"{'N':>3} {'hf-train':>10} {'steady':>10} {'HF':>10} {'steady':>10} {'scaling':>8} {'vs HF':>7}")
one = num(side.get(("hf-train", 1), [""] * 5)[4])
ratios = {}
for n in sorted({k[1] for k in side}):
    h = side.get(("hf-train", n)); p = side.get(("peer", n))
    hs = num(h[4]) if h else None; ps = num(p[4]) if p else None
    scale = hs / (n * one) if hs and one and n > 1 else None
    vs = hs / ps if hs and ps else None
    if scale is not None: ratios[f"scale_{n}"] = scale
    if vs is not None: ratios[f"vs_hf_{n}"] = vs
    print(f"{n:3d} {fmt(hs)} {fmt(num(h[5]) if h else None)} {fmt(ps)} {fmt(num(p[5]) if p else None)} "
          f"{(f'{scale:8.3f}' if scale is not None else f'{chr(45):>8}')} {(f'{vs:7.2f}' if vs is not None else f'{chr(45):>7}')}"
          + ("" if not h or h[3] == "PASS" else f"   hf-train {h[3]}: {h[7] or 'exit ' + h[6]}")
          + ("" if not p or p[3] == "PASS" else f"   HF {p[3]}: {p[7] or 'exit ' + p[6]}"))
print()
for r in rows:
    if r[1].startswith("check-") or r[3] in ("SKIP", "NOT RUN"):
        what = {"check-launch-1": "a world of 1 through the launcher's backend (hf-train launch --nproc_per_node 1)"}.get(
            r[1], f"hf-train workers under torchrun --no-python --nproc_per_node {r[2]}" if r[1].startswith("check-torchrun") else r[1])
        sps = num(r[4])
        print(f"{r[3]}  {what}" + (f": {sps:.1f} samples/s" if sps else "") + (f" ({r[7]})" if r[7] else "")
              + (f" (exit {r[6]})" if r[3] == "FAIL" and r[6] not in ("", "0") else ""))
order = sorted(ratios, key=lambda k: (not k.startswith("scale"), int(k.rsplit("_", 1)[1])))
print("RATIOS " + " ".join(f"{k}={ratios[k]:.2f}" for k in order))
EOF
