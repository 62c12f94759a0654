#!/usr/bin/env bash
# Runs the demo: generates the default synthetic data set, fits the solvers and prints the comparison.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-system-libraries.sh
swift run -c release edlae demo "$@"
