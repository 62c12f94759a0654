"""Single vs double precision of the full-rank solvers on real data, from the release `edlae` tool:
the largest relative difference of B, the top-20 overlap over every user of the file, and
Recall@20 / Recall@50 / nDCG@100 (5 folds, pooled) with their standard errors.

    python3 Benchmarks/precision_accuracy.py EDLAE_BINARY DATA_DIR OUT_DIR
"""
import json
import subprocess
import sys

import numpy as np

tool, data_dir, out = sys.argv[1:4]
RUNS = [  # data, solver, p, lambda: the tuned points of README.md
    ("groceries", "dlae", 0.5, 1000), ("groceries", "edlae", 0.75, 300),
    ("epub", "dlae", 0.9, 10), ("epub", "edlae", 0.75, 30),
]


def run(*args):
    return subprocess.run([tool, *args], check=True, capture_output=True, text=True).stdout


for data, solver, p, lam in RUNS:
    path = f"{data_dir}/{data}.csv"
    models, metrics = {}, {}
    for precision in ("double", "single"):
        folder = f"{out}/{data}-{solver}-{precision}"
        common = ["--solver", solver, "--dropout", str(p), "--lambda", str(lam), "--precision", precision]
        run("fit", "--data", path, "--output", folder, "--quiet", *common)
        models[precision] = folder
        record = json.loads(run("evaluate", "--data", path, "--folds", "5", "--json", "--quiet", *common))
        metrics[precision] = {name: {"mean": m["mean"], "standardError": m["standardError"]}
                              for name, m in record["metrics"].items()}
    b64 = np.load(models["double"] + "/B.npy").astype(np.float64)
    b32 = np.load(models["single"] + "/B.npy").astype(np.float64)
    relative = np.abs(b32 - b64).max() / np.abs(b64).max()
    tops = {}
    for precision, folder in models.items():
        lines = run("recommend", "--model", folder, "--histories", path, "--count", "20").splitlines()[1:]
        per_user = {}
        for line in lines:
            user, rank, item, score = line.split(",")[:4]
            per_user.setdefault(user, set()).add(item)
        tops[precision] = per_user
    overlap = np.mean([len(tops["double"][u] & tops["single"].get(u, set())) / max(1, len(tops["double"][u]))
                       for u in tops["double"]])
    shifts = {name: abs(metrics["single"][name]["mean"] - m["mean"]) / m["standardError"]
              for name, m in metrics["double"].items()}
    print(json.dumps({"metricShiftInStandardErrors": shifts, "data": data, "solver": solver, "p": p, "lambda": lam, "maxRelativeDifferenceOfB": relative,
                      "top20Overlap": overlap, "users": len(tops["double"]), "metrics": metrics}, sort_keys=True))
