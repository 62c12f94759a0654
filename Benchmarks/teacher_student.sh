#!/usr/bin/env bash
# Algorithm 1 of Steck & Liang side by side in one run, in both precisions: this library's
# TeacherStudent (two m x m buffers, Lanczos or syevr by the cost model) against NumPy as the
# published notebook writes it (dense inverse, full eigh), on the same generated data; then the
# eigensolver alone (syevr vs Lanczos, and what the cost model picks) on the same matrix.
#
#   Benchmarks/teacher_student.sh                       # m = 4000, k = 10,50,100,200 (200 = m/20)
#   SIZES="2000 4000" RANKS=10,100 Benchmarks/teacher_student.sh
#
# Environment: OPENBLAS_NUM_THREADS (default 2), OPENBLAS_CORETYPE (recorded; unset for NumPy,
# as in compare.sh), SIZES, RANKS, REPEAT (default 1), OUT_DIR (default Benchmarks/.results).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"
export OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-2}"
SIZES="${SIZES:-4000}"
RANKS="${RANKS:-10,50,100,200}"
REPEAT="${REPEAT:-1}"
OUT_DIR="${OUT_DIR:-$here/.results}"
mkdir -p "$OUT_DIR"
if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
    .venv/bin/pip install --quiet numpy scipy threadpoolctl
fi
swift build -c release --product edlae-bench-cli 2>&1 | { grep -E "error|warning: |omplete" || true; } | tail -3
cli="$(swift build -c release --show-bin-path)/edlae-bench-cli"
numpy() { env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE .venv/bin/python "$@"; }

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg); OPENBLAS_NUM_THREADS=$OPENBLAS_NUM_THREADS OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-unset}"
for m in $SIZES; do
    for precision in double single; do
        "$cli" teacher-student --items "$m" --data-dir "$OUT_DIR" --ranks "$RANKS" --repeat "$REPEAT" \
            --precision "$precision" > "$OUT_DIR/ts-swift-$precision-$m.json"
        numpy teacher_student_reference.py --items "$m" --data-dir "$OUT_DIR" --ranks "$RANKS" --repeat "$REPEAT" \
            --precision "$precision" > "$OUT_DIR/ts-numpy-$precision-$m.json"
        "$cli" eigen-crossover --items "$m" --ranks "$RANKS" --precision "$precision" > "$OUT_DIR/ts-eigen-$precision-$m.json"
    done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
"$here/.venv/bin/python" - "$OUT_DIR" $SIZES <<'PY'
import json, sys
out, sizes = sys.argv[1], sys.argv[2:]
for m in sizes:
    for precision in ("double", "single"):
        swift = json.load(open(f"{out}/ts-swift-{precision}-{m}.json"))
        ref = json.load(open(f"{out}/ts-numpy-{precision}-{m}.json"))
        eig = json.load(open(f"{out}/ts-eigen-{precision}-{m}.json"))
        print(f"m = {m}, {precision}: kernel {swift['openblasCore']}, cost model: {swift['costModel']}")
        print(f"  {'k':>5} {'swift s':>9} {'numpy s':>9} {'speed-up':>9}  {'method':<27} {'syevr s':>8} {'lanczos s':>9} {'products':>8}")
        for s, r, e in zip(swift["rows"], ref["rows"], eig["rows"]):
            print(f"  {s['rank']:>5} {s['seconds']:>9.3f} {r['seconds']:>9.3f} {r['seconds'] / s['seconds']:>8.2f}x  {s['method']:<27} "
                  f"{e['syevrSeconds']:>8.3f} {e['lanczosSeconds']:>9.3f} {e['lanczosProducts']:>8}")
PY
