#!/usr/bin/env bash
# Builds and runs the consumer package Examples/QuickStart (it depends on this package by the path
# ../..): loads epub.csv, fits EDLAE and low-rank DLAE, saves and reloads the model folder, prints
# the first user's top 10. Fails when the build fails, the program fails or it prints no top 10.
#   DATA_DIR  folder holding epub.csv (default ../shared/data beside the package)
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
bash scripts/install-system-libraries.sh
DATA_DIR="${DATA_DIR:-$root/../shared/data}"
if [ ! -f "$DATA_DIR/epub.csv" ]; then
    echo "example: no $DATA_DIR/epub.csv (set DATA_DIR)" >&2
    exit 1
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd Examples/QuickStart
log="$work/build.log"
if ! swift build >"$log" 2>&1; then tail -40 "$log"; exit 1; fi
tail -1 "$log"
export OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-1}"
"$(swift build --show-bin-path)/QuickStart" "$DATA_DIR/epub.csv" "$work/model" | tee "$work/out.txt"
ranks="$(grep -cE '^[0-9]+'$'\t' "$work/out.txt" || true)"
[ -f "$work/model/model.json" ] && [ -f "$work/model/B.npy" ] || { echo "example: no model folder written" >&2; exit 1; }
[ "$ranks" -eq 10 ] || { echo "example: expected 10 ranked items, got $ranks" >&2; exit 1; }
echo "example: QuickStart built against the library by path and ran"
