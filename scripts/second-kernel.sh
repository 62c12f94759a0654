#!/usr/bin/env bash
# Runs the core and solver suites again under a second OpenBLAS kernel, so that an assertion that
# holds only for one kernel's rounding fails here and not on a user's machine.
#
#   scripts/second-kernel.sh [extra swift test arguments]
#
# The kernel OpenBLAS picks by default is read from its start-up report (OPENBLAS_VERBOSE=2 prints
# "Core: <name>"); the second kernel is Haswell when the default is another one and the CPU has
# AVX2, else SkylakeX (AVX-512), Sandybridge (AVX) or Nehalem, whichever the CPU runs and differs
# from the default. The script checks that OpenBLAS reports the forced kernel. Needs the debug
# build of scripts/test.sh (swift build --build-tests). One BLAS thread, as in scripts/test.sh: the
# determinism suites compare results bit for bit and need OPENBLAS_NUM_THREADS=1.
set -euo pipefail
cd "$(dirname "$0")/.."
export OPENBLAS_NUM_THREADS=1
tool="$(swift build --show-bin-path)/edlae"
[ -x "$tool" ] || swift build --build-tests
core_of() { OPENBLAS_VERBOSE=2 "$@" "$tool" --help 2>&1 >/dev/null | sed -n 's/^Core: //p' | head -1; }
default="$(core_of env)"
flags="$(grep -m1 '^flags' /proc/cpuinfo 2>/dev/null || true)"
has() { [[ " $flags " == *" $1 "* ]]; }
second=""
for candidate in Haswell SkylakeX Sandybridge Nehalem; do
    case "$candidate" in
        Haswell) has avx2 || continue ;;
        SkylakeX) has avx512f || continue ;;
        Sandybridge) has avx || continue ;;
    esac
    if [ "$candidate" != "$default" ]; then second="$candidate"; break; fi
done
if [ -z "$second" ]; then echo "no second OpenBLAS kernel for this CPU (default: $default)" >&2; exit 1; fi
forced="$(core_of env OPENBLAS_CORETYPE="$second")"
if [ "$forced" != "$second" ]; then
    echo "OPENBLAS_CORETYPE=$second was not honoured (OpenBLAS reports '$forced'; needs a DYNAMIC_ARCH build)" >&2
    exit 1
fi
echo "== core and solver suites under OPENBLAS_CORETYPE=$second (default kernel: ${default:-unknown})"
OPENBLAS_CORETYPE="$second" swift test --skip-build --filter 'EDLAECoreTests|EDLAESolversTests' "$@"
