#!/usr/bin/env bash
# Runs the test suite (Swift Testing), installing the system libraries first when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-system-libraries.sh
export OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-1}"
swift build --build-tests
swift test --skip-build "$@"
