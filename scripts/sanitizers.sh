#!/usr/bin/env bash
# Runs the whole test suite under AddressSanitizer and then ThreadSanitizer.
#
#   scripts/sanitizers.sh [address|thread ...] [-- extra swift test arguments]
#
# Each sanitizer builds into its own scratch path (.build-asan, .build-tsan; ignored by git) so
# that neither evicts the ordinary .build. One BLAS thread, as in scripts/test.sh: OpenBLAS is not
# instrumented, and its own worker threads would only add reports about code outside this package.
#
# Leak checking is off for AddressSanitizer (detect_leaks=0): the swift-corelibs-xctest and
# Swift Testing runners keep allocations alive until exit, which LeakSanitizer reports as leaks
# of the runner, not of this package. Heap overflows, use-after-free and double frees still fail
# the run. ThreadSanitizer fails the run on the first data race (halt_on_error=1).
set -euo pipefail
cd "$(dirname "$0")/.."

sanitizers=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do sanitizers+=("$1"); shift; done
[ "${1:-}" = "--" ] && shift
if [ ${#sanitizers[@]} -eq 0 ]; then sanitizers=(address thread); fi

export OPENBLAS_NUM_THREADS=1
status=0
for sanitizer in "${sanitizers[@]}"; do
    case "$sanitizer" in
        address) scratch=.build-asan
                 export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0:halt_on_error=1}" ;;
        thread)  scratch=.build-tsan
                 export TSAN_OPTIONS="${TSAN_OPTIONS:-halt_on_error=1:second_deadlock_stack=1}" ;;
        *) echo "unknown sanitizer '$sanitizer' (address or thread)" >&2; exit 2 ;;
    esac
    echo "== $sanitizer sanitizer ($scratch)"
    swift build --build-tests --sanitize="$sanitizer" --scratch-path "$scratch"
    if swift test --skip-build --sanitize="$sanitizer" --scratch-path "$scratch" "$@"; then
        echo "== $sanitizer sanitizer: passed"
    else
        echo "== $sanitizer sanitizer: FAILED"
        status=1
    fi
done
exit $status
