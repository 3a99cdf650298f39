#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The one prepared command for a GPU machine: prints the machine (nvidia-smi, Python, ONNX Runtime
# and PyTorch versions, execution providers), then measures how many real-time streams the GPU
# carries with the compiled model in deploy/gpu/model/ (measure_streams.py), under a wall-clock cap.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: deploy/gpu/run-on-gpu.sh [-h|--help]

Measures real-time streams per GPU for a compiled s4stream model. Needs python3 with numpy and
onnxruntime (onnxruntime-gpu for the CUDA provider); onnx + torch for the torch-cuda fallback.
No Java is needed.

Environment (all optional):
  MODEL_DIR      compiled model directory: manifest.json and chunk-T.onnx (or chunk-T.onnx.gz,
                 which is unpacked on the fly; step.onnx(.gz) too with --include-step)
                 [default: <repo>/deploy/gpu/model, ignored by git; copy it there first]
  PROVIDERS      space-separated providers to measure, or "auto" [default: auto]:
                 auto = "cuda" when onnxruntime has CUDAExecutionProvider, then "torch-cuda"
                 when PyTorch sees a GPU (the same ONNX graph run with PyTorch ops)
  TIME_CAP       wall-clock seconds for all measurements together [default: 420]
  MEASURE_ARGS   extra arguments for measure_streams.py [default: --include-step]
  PYTHON         Python interpreter [default: python3]
  OUT            when set, the log goes to $OUT/gpu-results.txt and the results of each
                 provider to $OUT/gpu-results-<provider>.json

Exit status: 0 when every provider measured and passed its self-check, else the first failure's
(3: self-check failed, 4: provider or model unavailable, 124: the time cap was hit).
EOF
}

if [[ $# -gt 0 ]]; then
  case "$1" in
    -h | --help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
fi

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
MODEL_DIR="${MODEL_DIR:-$repo/deploy/gpu/model}"
PROVIDERS="${PROVIDERS:-auto}"
TIME_CAP="${TIME_CAP:-420}"
MEASURE_ARGS="${MEASURE_ARGS:---include-step}"
PYTHON="${PYTHON:-python3}"
export PYTHONUNBUFFERED=1

describe_machine() {
  echo "== s4stream GPU measurement, $(date -u '+%Y-%m-%d %H:%M:%S UTC'), host $(uname -n)"
  echo "== nvidia-smi"
  if command -v nvidia-smi >/dev/null 2>&1; then
    nvidia-smi --query-gpu=index,name,driver_version,memory.total,memory.used,clocks.max.sm \
      --format=csv || echo "nvidia-smi query failed"
  else
    echo "nvidia-smi not found"
  fi
  echo "== python and libraries"
  "$PYTHON" - <<'PY'
import platform, sys
print("python", sys.version.split()[0], platform.machine(), sys.executable)
for name in ("numpy", "onnx"):
    try:
        print(name, __import__(name).__version__)
    except ImportError as e:
        print(name, "not importable:", e)
try:
    import onnxruntime as ort
    print("onnxruntime", ort.__version__, "device", ort.get_device())
    print("onnxruntime providers", ort.get_available_providers())
except ImportError as e:
    print("onnxruntime not importable:", e)
try:
    import torch
    gpu = torch.cuda.get_device_name(0) if torch.cuda.is_available() else "none"
    print("torch", torch.__version__, "cuda", torch.version.cuda, "gpu", gpu)
except ImportError as e:
    print("torch not importable:", e)
PY
}

resolve_providers() {
  if [[ "$PROVIDERS" != "auto" ]]; then
    echo "$PROVIDERS"
    return
  fi
  "$PYTHON" - <<'PY'
chosen = []
try:
    import onnxruntime as ort
    if "CUDAExecutionProvider" in ort.get_available_providers():
        chosen.append("cuda")
except ImportError:
    pass
try:
    import onnx  # noqa: F401  (the torch executor reads the graph with it)
    import torch
    if torch.cuda.is_available():
        chosen.append("torch-cuda")
except ImportError:
    pass
print(" ".join(chosen) if chosen else "cpu")
PY
}

main() {
  describe_machine
  echo "== model $MODEL_DIR"
  if [[ ! -f "$MODEL_DIR/manifest.json" ]]; then
    echo "no compiled model at $MODEL_DIR (manifest.json missing): copy one there first" >&2
    return 4
  fi
  ls -l "$MODEL_DIR"
  local providers
  read -r -a providers <<<"$(resolve_providers)"
  echo "== providers to measure: ${providers[*]}"
  if [[ "$PROVIDERS" == "auto" && " ${providers[*]} " != *" cuda "* ]]; then
    if [[ " ${providers[*]} " == *" torch-cuda "* ]]; then
      echo "note: this onnxruntime has no CUDAExecutionProvider; the GPU figures come from the" \
        "torch-cuda executor of the same ONNX graph, not from ONNX Runtime"
    else
      echo "note: neither onnxruntime nor PyTorch can use a GPU here; measuring the CPU"
    fi
  fi
  local share=$((TIME_CAP / ${#providers[@]}))
  local budget=$((share > 120 ? share - 60 : share / 2))
  local status=0 p rc extra
  read -r -a extra <<<"$MEASURE_ARGS"
  for p in "${providers[@]}"; do
    echo "== measure_streams.py --provider $p (cap ${share} s)"
    local json=()
    [[ -n "${OUT:-}" ]] && json=(--json "$OUT/gpu-results-$p.json")
    rc=0
    timeout --signal=INT --kill-after=15 "$share" "$PYTHON" -u "$here/measure_streams.py" \
      "$MODEL_DIR" --provider "$p" --budget-seconds "$budget" "${json[@]}" "${extra[@]}" || rc=$?
    echo "== provider $p exit status $rc"
    if [[ $rc -ne 0 && $status -eq 0 ]]; then
      status=$rc
    fi
  done
  return "$status"
}

if [[ -n "${OUT:-}" ]]; then
  mkdir -p "$OUT"
  main 2>&1 | tee "$OUT/gpu-results.txt"
else
  main 2>&1
fi
