#!/usr/bin/env bash
# Time and per-process peak memory of the distributed full-rank fit (edlae-distributed fit, EDLAE,
# one OpenBLAS thread per process) for P = 1, 2, 4 processes at m = 4000 and 8000, against the
# single-process LAPACK floor (dpotrf + dpotri on G + Lambda, two OpenBLAS threads) and the
# single-process EDLAE fit, both from edlae-bench-cli. Release builds. Results: Docs/Distributed.md.
#
#     Benchmarks/distributed.sh                 # SIZES="4000 8000" PROCESSES="1 2 4" BLOCK=64
#
# Data: SyntheticInteractions with users = 5 m at 1% density (the shape of the benchmark workload).
# "CPU s" is the CPU time (user + system) of the inversion summed over processes (for the floor and
# the single-process fit: of the whole fit); GFLOP/cpu-s, flops per CPU second, is the per-core rate
# that stays meaningful when other jobs share the cores (MPI's busy polling counts as CPU time).
# Every run writes the m x m model (8 m^2 bytes) to a temporary folder, removed afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES="${SIZES:-4000 8000}"
PROCESSES="${PROCESSES:-1 2 4}"
BLOCK="${BLOCK:-64}"
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1

swift build -c release --traits Distributed --scratch-path .build-distributed-release --product edlae-distributed >/dev/null
distributed="$(swift build -c release --traits Distributed --scratch-path .build-distributed-release --show-bin-path)/edlae-distributed"
(cd Benchmarks && swift build -c release --product edlae-bench-cli >/dev/null)
bench="$(cd Benchmarks && swift build -c release --show-bin-path)/edlae-bench-cli"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "cores $(nproc), load $(cut -d' ' -f1-3 /proc/loadavg), block $BLOCK"
printf '%-6s %-30s %8s %10s %8s %8s %11s %s\n' m run "fit s" "inverse s" "GFLOP/s" "CPU s" "GFLOP/cpu-s" "peak RSS per process (MiB)"
for m in $SIZES; do
  flops=$(python3 -c "print($m**3 / 1e9)")   # dpotrf m^3/3 + dpotri 2m^3/3
  for model in floor edlae; do
    json="$(OPENBLAS_NUM_THREADS=2 "$bench" rss --items "$m" --model "$model")"
    python3 - "$m" "$model" "$flops" <<PY
import json, sys
r = json.loads('''$json''')
m, model, flops = sys.argv[1], sys.argv[2], float(sys.argv[3])
name = "LAPACK floor, 1 proc x 2 thr" if model == "floor" else "EDLAE, 1 proc x 2 thr"
inverse = f"{r['seconds']:10.2f}" if model == "floor" else f"{'':>10}"
cpu = r["cpu_seconds"]
print(f"{m:<6} {name:<30} {r['seconds']:8.2f} {inverse} {flops / r['seconds']:8.1f} {cpu:8.2f} {flops / cpu:11.1f} {r['peak_rss_kb'] / 1024:.0f}")
PY
  done
  for p in $PROCESSES; do
    line="$(mpirun --allow-run-as-root --oversubscribe -np "$p" -x OPENBLAS_NUM_THREADS=1 "$distributed" fit \
      --synthetic "$((5 * m)),$m,0.01,1" --solver edlae --dropout 0.5 --lambda 10 --block-size "$BLOCK" \
      --output "$work/model" --resources 2>/dev/null | tail -1)"
    rm -rf "$work/model"
    python3 - "$m" "$p" "$flops" <<PY
import json, sys
r = json.loads('''$line''')
m, p, flops = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
peaks = " ".join(f"{b / 2**20:.0f}" for b in r["peakResidentBytes"])
name = f"distributed P={p} ({r['grid']}) x 1 thr"
ph = r["phases"]
inverse = ph["pdpotrf+pdpotri"]
cpu = sum(r["inverseCPUSeconds"])
print(f"{m:<6} {name:<30} {r['fit']:8.2f} {inverse:10.2f} {flops / inverse:8.1f} {cpu:8.2f} {flops / cpu:11.1f} {peaks}  (8m^2/P = {8 * int(m)**2 / p / 2**20:.0f}; gram {ph['gram']:.2f}, mirror {ph['mirror']:.2f}, weights {ph['weights']:.2f}, write {r['write']:.2f} s)")
PY
  done
done
