#!/usr/bin/env bash
# benchmarks/compare-epochs.sh: the issue-3 table in one run. For each ANCHORS model, trains N epochs with our
# engine and then with PyTorch (same recipe, same JSON line), back to back, and prints both lines per model.
# Usage: benchmarks/compare-epochs.sh [EPOCHS=3] [MODELS="mlp-32-32 mlp-120-84 cnn1d cnn-s3 cnn-s4"]
# Needs Debian's python3-torch and libopenblas0-pthread for the reference side. Run on a quiet machine.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
epochs="${1:-3}"
models="${2:-mlp-32-32 mlp-120-84 cnn1d cnn-s3 cnn-s4}"
dotnet build "$root/benchmarks/Experiments.Benchmarks" -c Release -v q -nologo >&2
ours="$root/benchmarks/Experiments.Benchmarks/bin/Release/net10.0/Experiments.Benchmarks"
for model in $models; do
  printf 'ours  %s\n' "$("$ours" epoch --model "$model" --epochs "$epochs" --threads 2 | tail -n 1)"
  printf 'torch %s\n' "$(OPENBLAS_NUM_THREADS=1 /usr/bin/python3 "$root/benchmarks/Experiments.Benchmarks/reference/epoch_torch.py" --model "$model" --epochs "$epochs" --threads 2 | tail -n 1)"
done
