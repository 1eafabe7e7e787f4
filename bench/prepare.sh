#!/usr/bin/env bash
# Here (with dotnet): pack hf-train for the GPU machine and add the benchmark data to .gpu/ (git-ignored).
# Then one device call: `bash bench/bench.sh` (or `bash bench/bench_dist.sh` on 1-8 GPUs) with carry [".gpu"] (see docs/PERFORMANCE.md).
set -euo pipefail
cd "$(dirname "$0")/.."
# The starter model (10 MB, poorly compressible) already travels in the working tree: publish the app without it
# (MSBuild reads the variable as a property of src/Host/Host.csproj) and let run.sh link it back after unpacking, so
# the call stays within the device tool's 64 MiB.
HfTrainBundleStarter=false bash ../shared/gpu/pack.sh src/Host
sed -i 's|^exe=\$1; shift$|[[ -e $app/defaults/starter-t5 ]] \|\| { mkdir -p "$app/defaults" \&\& ln -s "$src/../src/Host/Defaults/starter-t5" "$app/defaults/starter-t5"; }\nexe=$1; shift|' .gpu/run.sh
grep -q 'starter-t5' .gpu/run.sh || { echo "prepare.sh: could not patch .gpu/run.sh for the starter model" >&2; exit 1; }
gzip -9c ../shared/data/debian_desc_summarization/train.jsonl > .gpu/data/train.jsonl.gz
cp ../shared/data/debian_desc_summarization/validation.jsonl .gpu/data/validation.jsonl
cp ../shared/data/debian_sections/train.jsonl.gz .gpu/data/sections-train.jsonl.gz     # bench_classification.sh
du -sh .gpu
