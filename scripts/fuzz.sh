#!/usr/bin/env bash
# Builds the libFuzzer harnesses in Fuzz/ (with AddressSanitizer) and runs each one in turn.
#
#   scripts/fuzz.sh [seconds-per-harness] [harness ...]
#
# Defaults: 300 seconds, all four harnesses (CSV MovieLens MatrixMarket NumPy). Each harness starts
# from the seed corpus in Fuzz/Corpus/<name>/ (read only) and grows a working corpus in
# fuzz-corpus-out/<name>/corpus/; a crashing, leaking, slow or memory-hungry input is written to
# fuzz-corpus-out/<name>/ as crash-*, leak-*, timeout-* or oom-*, and the script exits non-zero.
# Reproduce one with `Fuzz/.build/release/Fuzz<name> <file>`.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-300}"
shift || true
harnesses=("$@")
if [ ${#harnesses[@]} -eq 0 ]; then harnesses=(CSV MovieLens MatrixMarket NumPy); fi

# -sanitize=fuzzer instruments every Swift module (the libraries included) for coverage and links
# libFuzzer; the harnesses call its driver from their own @main.
swift build --package-path Fuzz -c release -Xswiftc -sanitize=fuzzer,address 2>&1 \
    | grep -v "Cannot export local symbol '__asan_extra_spill_area'"

status=0
for name in "${harnesses[@]}"; do
    out="fuzz-corpus-out/$name"
    mkdir -p "$out/corpus"
    echo "== Fuzz$name for ${seconds}s"
    # Leak detection stays on: the readers must not leak. 2 GiB of RSS and 10 s per input are
    # far above what any input of at most 64 KiB should need.
    if ! ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}" \
        "Fuzz/.build/release/Fuzz$name" "$out/corpus" "Fuzz/Corpus/$name" \
        -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
        -artifact_prefix="$out/" -print_final_stats=1 >"$out/log.txt" 2>&1; then
        echo "Fuzz$name FAILED: see $out/log.txt"; grep -E "^(==[0-9]+==ERROR|SUMMARY|Fatal error|.*Fatal error)" "$out/log.txt" | head -5 || true
        status=1
    fi
    grep -E "^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb|new_units_added)" "$out/log.txt" || true
    grep -E "^#[0-9]+.*(DONE|cov:)" "$out/log.txt" | tail -1 || true
done
exit $status
