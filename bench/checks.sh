#!/usr/bin/env bash
# On the GPU machine, one device call (carry [".gpu"] after bench/prepare.sh, and .gpu/cls-saved made as
# tools/classification-parity/README.md says): the checks that need PyTorch, transformers or CUDA, each time-boxed,
# each ending in a line of its own:
#   hub       tools/hub-check/run.sh: Python huggingface_hub and transformers against `hf-train hub serve`
#   nccl      a world of one through NCCL under PyTorch's torchrun --no-python, against a plain run
#   parity    tools/classification-parity/make_fixture.py: the fixture into $OUT/classification-parity, reverse check
#   starter   tools/starter/gpu_finetune.sh: the starter recipe on the full Debian set, and transformers loading it
#   cls-bench bench/bench_classification.sh: hf-train vs transformers' Trainer, classification, batch 64
# Usage: bash bench/checks.sh [NAMES...]   (default: all, in that order)
set -uo pipefail
out=${OUT:-/tmp/checks-out}; mkdir -p "$out"
names=("$@"); (( ${#names[@]} )) || names=(hub nccl parity starter cls-bench)
for name in "${names[@]}"; do
  echo "===== $name ($(date +%T))"
  case $name in
    hub) OUT= timeout 150 bash tools/hub-check/run.sh 2>&1 | tail -n 30 ;;
    nccl)
      a=(summarization --model_name_or_path tests/Fixtures/tiny --do_train --do_predict --predict_with_generate
         --train_file tests/Fixtures/workflow/summarization-train.jsonl
         --test_file tests/Fixtures/workflow/summarization-validation.jsonl --source_prefix "summarize: "
         --per_device_train_batch_size 8 --max_steps 4 --logging_steps 1 --save_steps 2 --learning_rate 1e-4 --seed 0)
      bash .gpu/run.sh hf-train env 2>&1 | grep -E 'Launcher|Backend|CUDA'
      timeout 120 bash .gpu/run.sh hf-train "${a[@]}" --output_dir /tmp/nccl-one > /tmp/nccl-one.log 2>&1
      echo "plain run exit $?"
      timeout 150 python3 -m torch.distributed.run --no-python --nproc_per_node 1 bash .gpu/run.sh hf-train "${a[@]}" \
        --output_dir /tmp/nccl-world > /tmp/nccl-world.log 2>&1
      echo "torchrun --no-python exit $?"
      grep -hE "World:|'loss'" /tmp/nccl-one.log /tmp/nccl-world.log | cut -c1-160
      cmp /tmp/nccl-one/generated_predictions.txt /tmp/nccl-world/generated_predictions.txt && echo "NCCL same predictions"
      tail -n 5 /tmp/nccl-world.log ;;
    parity) timeout 120 python3 tools/classification-parity/make_fixture.py --out "$out/classification-parity" \
              --hf-train-folder .gpu/cls-saved 2>&1 | grep -v -i warn | tail -n 20 ;;
    starter) timeout 240 bash tools/starter/gpu_finetune.sh /tmp/starter-full 2>&1 | tail -n 45 ;;
    cls-bench) OUT=/tmp/cls-bench-out timeout 240 bash bench/bench_classification.sh "${CLS_STEPS:-200}" 2>&1 | tail -n 6 ;;
    *) echo "unknown check $name" ;;
  esac
done
