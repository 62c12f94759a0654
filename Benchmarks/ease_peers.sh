#!/usr/bin/env bash
# EASE (Steck, WWW 2019) from peer libraries against this library's full-rank EDLAE at dropout 0
# (`edlae fit --solver edlae --dropout 0 --lambda L`), on the real data sets: fits both, compares
# the two B matrices item by item (ids from model.json) and prints one JSON line per data set and
# peer (see ease_peers.py for the fields). Results: Docs/Results.md ("EDLAE at p = 0 is EASE").
#
#   Benchmarks/ease_peers.sh                            # Cornac and RecPack, Groceries and Epub
#   PEERS=cornac Benchmarks/ease_peers.sh
#
# Environment:
#   PEERS     peer libraries (default "cornac recpack")
#   DATA_DIR  folder holding groceries.csv and epub.csv (default ../shared/data beside the package)
#   CASES     "file:lambda ..." (default "groceries.csv:300 epub.csv:30")
# Each peer is installed from PyPI into a virtual environment of its own, created on first use:
# Benchmarks/.venv-ease-cornac (cornac, NumPy 2) and Benchmarks/.venv-ease-recpack (recpack, which
# pins NumPy 1 and pulls PyTorch, several GB). The system Python is not touched.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
PEERS="${PEERS:-cornac recpack}"
DATA_DIR="${DATA_DIR:-$root/../shared/data}"
CASES="${CASES:-groceries.csv:300 epub.csv:30}"
export OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-1}"

for peer in $PEERS; do
    venv="$here/.venv-ease-$peer"
    if [ ! -x "$venv/bin/python" ]; then
        echo "== installing $peer into $venv" >&2
        python3 -m venv "$venv"
        "$venv/bin/pip" install --quiet "$peer" numpy scipy >&2
    fi
done

(cd "$root" && swift build --product edlae 2>&1 | { grep -E "error|warning: |omplete" || true; } | tail -3) >&2
edlae="$(cd "$root" && swift build --show-bin-path)/edlae"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

for case in $CASES; do
    file="${case%%:*}"
    lambda="${case##*:}"
    model="$work/${file%.csv}-model"
    "$edlae" fit --data "$DATA_DIR/$file" --solver edlae --dropout 0 --lambda "$lambda" --output "$model" >&2
    for peer in $PEERS; do
        "$here/.venv-ease-$peer/bin/python" "$here/ease_peers.py" --peer "$peer" \
            --data "$DATA_DIR/$file" --model "$model" --lambda "$lambda"
    done
done
