#!/usr/bin/env bash
# Reading a big `user,item` CSV file, side by side: InteractionDataset(contentsOfCSVFile:) against
# pandas.read_csv (C engine) + scipy.sparse CSR on the same file, each in its own process under
# /usr/bin/time -v (wall time and peak RSS from outside), best of REPEAT runs.
#
#   Benchmarks/reading.sh                       # 136,000 users x 20,000 items, about 20 M lines
#   ORDER=random Benchmarks/reading.sh          # the same lines in a random order
#
# Environment: USERS, ITEMS, DENSITY (the generator's shape; the defaults give about 20 M lines),
# ORDER (user: lines sorted by user as in MovieLens files; random), REPEAT (default 3),
# CSV (the file, default /tmp/edlae-reading-<order>.csv; written once, outside the repository).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"
USERS="${USERS:-136000}"; ITEMS="${ITEMS:-20000}"; DENSITY="${DENSITY:-0.00735}"
ORDER="${ORDER:-user}"; REPEAT="${REPEAT:-3}"
CSV="${CSV:-/tmp/edlae-reading-$ORDER.csv}"
OUT_DIR="${OUT_DIR:-$here/.results}"
mkdir -p "$OUT_DIR"

if [ ! -x .venv/bin/python ]; then python3 -m venv .venv; fi
.venv/bin/python -c "import pandas, scipy" 2>/dev/null || .venv/bin/pip install --quiet numpy scipy pandas threadpoolctl
swift build -c release --product edlae-bench-cli 2>&1 | { grep -E "error|warning: |omplete" || true; } | tail -3
cli="$(swift build -c release --show-bin-path)/edlae-bench-cli"

if [ ! -f "$CSV" ]; then
    "$cli" write-csv --users "$USERS" --items "$ITEMS" --density "$DENSITY" --order "$ORDER" --output "$CSV"
fi
echo "file: $CSV, $(wc -l < "$CSV") lines, $(du -m "$CSV" | cut -f1) MB; load $(cut -d' ' -f1-3 /proc/loadavg)"
cat "$CSV" > /dev/null   # in the page cache for both sides

measure() { # name command...
    local name="$1"; shift
    for run in $(seq "$REPEAT"); do
        /usr/bin/time -v "$@" > "$OUT_DIR/reading-$name-$run.json" 2> "$OUT_DIR/reading-$name-$run.time"
        local time="$OUT_DIR/reading-$name-$run.time" json
        json="$(tr -d '\n ' < "$OUT_DIR/reading-$name-$run.json")"
        echo "$name run $run: wall $(grep "Elapsed (wall clock)" "$time" | awk '{print $NF}')" \
             "user $(grep "User time" "$time" | awk '{print $NF}') s, sys $(grep "System time" "$time" | awk '{print $NF}') s," \
             "peak RSS $(( $(grep "Maximum resident set size" "$time" | awk '{print $NF}') / 1024 )) MB;" \
             "read $(echo "$json" | grep -o '"seconds":[0-9.]*' | cut -d: -f2) s;" \
             "$(echo "$json" | grep -oE '"(users|items|nnz|value_sum)":[0-9.]*' | tr '\n' ' ')"
    done
}
measure swift "$cli" read-csv --file "$CSV"
measure pandas .venv/bin/python reading.py "$CSV"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg); pandas $(.venv/bin/python -c 'import pandas, numpy, scipy; print(pandas.__version__, "numpy", numpy.__version__, "scipy", scipy.__version__)')"
