#!/usr/bin/env bash
# Here (with dotnet): pack hf-train for the GPU machine and add the benchmark data to .gpu/ (git-ignored).
# Then one device call: `bash bench/bench.sh` (or `bash bench/bench_dist.sh` on 1-8 GPUs) with carry [".gpu"] (see docs/PERFORMANCE.md).
set -euo pipefail
cd "$(dirname "$0")/.."
bash ../shared/gpu/pack.sh src/Host
gzip -9c ../shared/data/debian_desc_summarization/train.jsonl > .gpu/data/train.jsonl.gz
cp ../shared/data/debian_desc_summarization/validation.jsonl .gpu/data/validation.jsonl
cp ../shared/data/debian_sections/train.jsonl.gz .gpu/data/sections-train.jsonl.gz     # bench_classification.sh
du -sh .gpu
