#!/usr/bin/env bash
# Builds the DocC documentation of EDLAECore, EDLAESolvers and EDLAEMetrics (one combined archive,
# so that one module's documentation links to another's as ``/EDLAECore/Matrix``) and fails on any
# DocC warning, and when a catalog's topic groups leave out a public type or function of its module.
# Output: .build/plugins/Swift-DocC/outputs/ (one .doccarchive per module, and the combined one).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-system-libraries.sh
targets=(EDLAECore EDLAESolvers EDLAEMetrics)
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
args=()
for target in "${targets[@]}"; do args+=(--target "$target"); done
if ! swift package --disable-sandbox generate-documentation --enable-experimental-combined-documentation \
        "${args[@]}" --warnings-as-errors >"$log" 2>&1; then
    grep -v '^\[' "$log" | tail -80
    echo "docs: the documentation build failed" >&2
    exit 1
fi
if grep -E -A6 '(^|: )(warning|error):' "$log"; then
    echo "docs: DocC reported the diagnostics above" >&2
    exit 1
fi
# Every top-level public symbol of a module is listed in its catalog's topic groups.
python3 - "${targets[@]}" <<'PY'
import glob, json, re, sys
missing = []
for module in sys.argv[1:]:
    graphs = glob.glob(f".build/*/extracted-symbols/*/{module}/{module}.symbols.json")
    if not graphs:
        sys.exit(f"docs: no symbol graph for {module}")
    symbols = json.load(open(max(graphs, key=lambda p: __import__("os").path.getmtime(p))))["symbols"]
    names = {s["pathComponents"][0] for s in symbols if len(s["pathComponents"]) == 1}
    catalog = open(f"Sources/{module}/{module}.docc/{module}.md").read()
    topics = catalog[catalog.index("## Topics"):]
    listed = set(re.findall(r"^- ``([^`]+)``", topics, flags=re.M))
    missing += [f"{module}: {name}" for name in sorted(names - listed)]
if missing:
    print("docs: public symbols missing from the catalogs' topic groups:\n  " + "\n  ".join(missing))
    sys.exit(1)
PY
grep -E "^Finished building documentation|^Generated combined" "$log"
echo "docs: ${targets[*]} built without warnings; every public type is in a topic group"
