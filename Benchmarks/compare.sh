#!/usr/bin/env bash
# Side by side, in one run on the same generated data: (a) this library, (b) NumPy/SciPy written
# the way the papers' published code is written, (c) the bare LAPACK floor (dpotrf + dpotri on the
# same matrix, the same system OpenBLAS the library links). Prints ratios; raw JSON is kept in
# $OUT_DIR (default Benchmarks/.results).
#
#   Benchmarks/compare.sh                 # m = 1000 2000 4000
#   SIZES="4000" REPEAT=3 Benchmarks/compare.sh
#
# Environment:
#   OPENBLAS_NUM_THREADS  threads for both sides (default 2; OpenBLAS otherwise uses every core)
#   SIZES                 item counts m (users = 5 m, about 1% density)
#   REPEAT                timed repetitions, the best is kept (default 2)
#   RANKS                 ranks k for both sides (default 10,100,m/20,m/10)
#   EXTRA_RANKS_FRACTIONS extra ranks m/d for Algorithm 1 and ADMM on the Swift side only, for
#                         the Table 1 crossover (default "4 2": k = m/4 and m/2)
# NumPy/SciPy/threadpoolctl are installed from PyPI into Benchmarks/.venv (created on first use);
# the system Python is not touched.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"
export OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-2}"
SIZES="${SIZES:-1000 2000 4000}"
REPEAT="${REPEAT:-2}"
EXTRA_RANKS_FRACTIONS="${EXTRA_RANKS_FRACTIONS:-4 2}"
OUT_DIR="${OUT_DIR:-$here/.results}"
mkdir -p "$OUT_DIR"

if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
    .venv/bin/pip install --quiet numpy scipy threadpoolctl
fi
swift build -c release --product edlae-bench-cli 2>&1 | { grep -E "error|warning: |omplete" || true; } | tail -3
cli="$(swift build -c release --show-bin-path)/edlae-bench-cli"

# A current NumPy runs slower with the OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE overrides that some
# machines set for older OpenBLAS builds: drop both for the reference command only (the JSON it
# prints records, via threadpoolctl, which OpenBLAS kernel then runs).
numpy() { env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE .venv/bin/python "$@"; }

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg); OPENBLAS_NUM_THREADS=$OPENBLAS_NUM_THREADS"
for m in $SIZES; do
    ranks="${RANKS:-10,100,$((m / 20)),$((m / 10))}"
    ranks="$(echo "$ranks" | tr ',' '\n' | sort -n | uniq | paste -sd, -)"
    table1=""
    for d in $EXTRA_RANKS_FRACTIONS; do table1="$table1${table1:+,}$((m / d))"; done
    echo "== m=$m: Swift (ranks $ranks; Algorithm 1 and ADMM also at $table1)"
    "$cli" run --items "$m" --data-dir "$OUT_DIR" --ranks "$ranks" --table1-ranks "$table1" --repeat "$REPEAT" > "$OUT_DIR/swift-$m.json"
    echo "== m=$m: NumPy/SciPy (ranks $ranks)"
    numpy reference.py run --items "$m" --data-dir "$OUT_DIR" --ranks "$ranks" --repeat "$REPEAT" > "$OUT_DIR/numpy-$m.json"
    for model in edlae dlae; do
        "$cli" rss --items "$m" --model "$model" > "$OUT_DIR/swift-rss-$model-$m.json"
        numpy reference.py rss --items "$m" --data-dir "$OUT_DIR" --model "$model" > "$OUT_DIR/numpy-rss-$model-$m.json"
    done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
.venv/bin/python report.py "$OUT_DIR" $SIZES
