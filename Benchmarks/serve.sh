#!/usr/bin/env bash
# Batch serving side by side in one run: Recommender.recommendations(for:) against NumPy's
# X_block @ B + argpartition, top-20 for every user, on the same data and the same B.
#   SERVE_SIZES="4000:20000 20000:2000" Benchmarks/serve.sh    (items:users pairs; the default)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"
export OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-2}"
SERVE_SIZES="${SERVE_SIZES:-4000:20000 20000:2000}"
OUT_DIR="${OUT_DIR:-$here/.results}"
mkdir -p "$OUT_DIR"
if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
    .venv/bin/pip install --quiet numpy scipy threadpoolctl
fi
swift build -c release --product edlae-bench-cli 2>&1 | { grep -E "error|warning: |omplete" || true; } | tail -3
cli="$(swift build -c release --show-bin-path)/edlae-bench-cli"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg); OPENBLAS_NUM_THREADS=$OPENBLAS_NUM_THREADS"
for pair in $SERVE_SIZES; do
    m="${pair%%:*}"; n="${pair##*:}"
    "$cli" serve --items "$m" --users "$n" --data-dir "$OUT_DIR" > "$OUT_DIR/serve-swift-$m.json"
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE .venv/bin/python serve_reference.py --items "$m" --users "$n" \
        --data-dir "$OUT_DIR" > "$OUT_DIR/serve-numpy-$m.json"
    rm -f "$OUT_DIR/serve-B-$m.npy"
    .venv/bin/python - "$OUT_DIR/serve-swift-$m.json" "$OUT_DIR/serve-numpy-$m.json" <<'PY'
import json, sys
s, n = (json.load(open(p)) for p in sys.argv[1:3])
print(f"m={s['items']} users={s['users']} top-{s['count']}: swift {s['usersPerSecond']:.0f} users/s "
      f"(OpenBLAS core {s['openblasCore']}, {s['openblasThreads']} threads), numpy {n['usersPerSecond']:.0f} users/s; "
      f"swift/numpy = {s['usersPerSecond'] / n['usersPerSecond']:.2f}; first items agree: {s['checksumFirstItems'] == n['checksumFirstItems']}")
PY
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
