#!/usr/bin/env bash
# The device check of `hf-train hub serve` with Python huggingface_hub and transformers (no network needed).
# From the project root, after `bash ../shared/gpu/pack.sh` wrote .gpu/ (the self-contained hf-train):
#   device tool: carry [".gpu"], command: bash tools/hub-check/run.sh
# Elsewhere, with a built hf-train: HF_TRAIN=path/to/hf-train [PYTHON=python3] bash tools/hub-check/run.sh
# (HUB_CHECK_NO_TRANSFORMERS=1 there skips the transformers checks instead of failing them.)
# Starts `hf-train hub serve` on 127.0.0.1 (a free port), runs check_python.py against it with HF_ENDPOINT and
# HF_HUB_DISABLE_XET=1, stops the server, and copies the logs to $OUT when set. Exit status: the check's.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
python=${PYTHON:-python3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
token=$("$python" -c "import secrets; print('hf_' + secrets.token_hex(16))")
umask 077
printf 'alice=%s\n' "$token" > "$work/tokens"
if [[ -n ${HF_TRAIN:-} ]]; then
  serve=("$HF_TRAIN")
else
  serve=(bash "$repo/.gpu/run.sh" hf-train)
fi
"${serve[@]}" hub serve --root "$work/hub" --port 0 --token-file "$work/tokens" > "$work/serve.log" 2> "$work/serve.err" &
pid=$!
url=
for _ in $(seq 1 240); do
  url=$(head -n 1 "$work/serve.log" 2>/dev/null || true)
  [[ $url == http* ]] && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.5
done
if [[ $url != http* ]]; then
  echo "FAIL hub serve did not start:"; cat "$work/serve.err"
  exit 1
fi
echo "hub serve at $url"
require=(--require-transformers)
[[ -n ${HUB_CHECK_NO_TRANSFORMERS:-} ]] && require=()
HF_ENDPOINT=$url HF_HUB_DISABLE_XET=1 HUB_TOKEN=$token HF_HUB_DISABLE_TELEMETRY=1 HF_HUB_DISABLE_PROGRESS_BARS=1 \
  "$python" "$here/check_python.py" --user alice --fixture "$repo/tests/Fixtures/tiny" --work "$work/check" "${require[@]}"
status=$?
kill -TERM "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
if grep -qF "$token" "$work/serve.log" "$work/serve.err"; then
  echo "FAIL the token appears in the server's output"
  status=1
fi
if [[ -n ${OUT:-} ]]; then
  cp "$work/serve.log" "$work/serve.err" "$OUT/" 2>/dev/null || true
fi
exit $status
