#!/usr/bin/env bash
# House style, checked in CI: imports ordered (swift-format's OrderedImports rule, configured in
# .swift-format) and no source line longer than 180 characters. Exits 1 and lists the places otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
status=0
imports="$(swift format lint --configuration .swift-format --recursive Sources Tests 2>&1 | grep '\[OrderedImports\]' || true)"
if [ -n "$imports" ]; then echo "$imports"; status=1; fi
long="$(find Sources Tests -name '*.swift' -print0 | xargs -0 awk 'length($0) > 180 { print FILENAME ":" FNR ": " length($0) " characters" }')"
if [ -n "$long" ]; then echo "$long"; status=1; fi
[ "$status" -eq 0 ] && echo "lint: imports ordered, no line over 180 characters"
exit "$status"
