#!/usr/bin/env bash
# potrf + potri at m = 4000 (both precisions) under each way of choosing the BLAS at run time that
# needs no rebuild: the OpenBLAS kernel (OPENBLAS_CORETYPE unset, empty, Haswell, SkylakeX) and
# Debian's OpenMP build of the same OpenBLAS put first on the library path (when installed:
# apt-get install libopenblas0-openmp). One short run each; prints one line per option.
# Nothing system-wide is changed (see Docs/Performance.md, "Choosing the BLAS at run time", for
# update-alternatives).
#
#   Benchmarks/blas-options.sh            # ITEMS=4000 REPEAT=1 OPENBLAS_NUM_THREADS=2
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"
export OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-2}"
ITEMS="${ITEMS:-4000}"
REPEAT="${REPEAT:-1}"
swift build -c release --product edlae-precision-bench 2>&1 | { grep -E "error|omplete" || true; } | tail -2
bench="$(swift build -c release --show-bin-path)/edlae-precision-bench"
openmp=/usr/lib/x86_64-linux-gnu/openblas-openmp

show() {
    python3 -c '
import json, sys
d = json.load(sys.stdin); o = d["openblas"]
print("%-40s %-11s double %6.3f s  single %6.3f s  (wall; thread CPU %.3f / %.3f s)  load %s  | %s" % (
    sys.argv[1], o["corename"], d["potrf_potri_seconds"]["double"], d["potrf_potri_seconds"]["single"],
    d["potrf_potri_thread_cpu_seconds"]["double"], d["potrf_potri_thread_cpu_seconds"]["single"],
    d["load_average"], o["config"]))' "$1"
}

echo "m = $ITEMS, OPENBLAS_NUM_THREADS=$OPENBLAS_NUM_THREADS, best of $REPEAT; $(uptime)"
echo "libopenblas.so.0 -> $(readlink -f /lib/x86_64-linux-gnu/libopenblas.so.0)"
env -u OPENBLAS_CORETYPE "$bench" lapack --items "$ITEMS" --repeat "$REPEAT" | show "OPENBLAS_CORETYPE unset"
OPENBLAS_CORETYPE= "$bench" lapack --items "$ITEMS" --repeat "$REPEAT" | show "OPENBLAS_CORETYPE= (empty)"
OPENBLAS_CORETYPE=Haswell "$bench" lapack --items "$ITEMS" --repeat "$REPEAT" | show "OPENBLAS_CORETYPE=Haswell"
OPENBLAS_CORETYPE=SkylakeX "$bench" lapack --items "$ITEMS" --repeat "$REPEAT" | show "OPENBLAS_CORETYPE=SkylakeX"
if [ -e "$openmp/libopenblas.so.0" ]; then
    LD_LIBRARY_PATH="$openmp" OMP_NUM_THREADS="$OPENBLAS_NUM_THREADS" OPENBLAS_CORETYPE=SkylakeX \
        "$bench" lapack --items "$ITEMS" --repeat "$REPEAT" | show "OpenMP build (LD_LIBRARY_PATH), SkylakeX"
else
    echo "OpenMP build: not installed (apt-get install libopenblas0-openmp)"
fi
