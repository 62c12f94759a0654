"""Single vs double precision of every solver on real data, from the release `edlae` tool:
the largest relative difference of B (or of U V^T for a factored model), the top-20 overlap over
every user of the file, and Recall@20 / Recall@50 / nDCG@100 (5 folds, pooled) with their
standard errors. One JSON line per row is printed (and flushed) as soon as the row is done.

    python3 Benchmarks/precision_accuracy.py EDLAE_BINARY DATA_DIR OUT_DIR [SOLVER ...]

With solver names, only those rows run.
"""
import json
import subprocess
import sys
import time

import numpy as np

tool, data_dir, out = sys.argv[1:4]
only = set(sys.argv[4:])
RUNS = [  # data, solver, p, lambda, further options: the tuned points of Docs/Results.md
    ("groceries", "dlae", 0.5, 1000, []), ("groceries", "edlae", 0.75, 300, []),
    ("epub", "dlae", 0.9, 10, []), ("epub", "edlae", 0.75, 30, []),
    ("groceries", "edlae-emphasis", 0.75, 300, ["--emphasis", "1,0.1"]),
    ("epub", "edlae-emphasis", 0.75, 30, ["--emphasis", "1,0.1"]),
    ("groceries", "weight-decay", None, 300, ["--rank", "2"]),
    ("epub", "weight-decay", None, 3, ["--rank", "400"]),
    ("groceries", "dlae-lowrank", 0.75, 300, ["--rank", "100"]),
    ("epub", "dlae-lowrank", 0.9, 10, ["--rank", "400"]),
    ("groceries", "teacher-student", 0.75, 300, ["--rank", "50"]),
    ("epub", "teacher-student", 0.25, 3, ["--rank", "200"]),
    ("groceries", "admm", 0.25, 100, ["--omega", "10", "--rank", "20"]),
    ("epub", "admm", 0.75, 30, ["--omega", "1", "--rank", "400"]),
    ("groceries", "als-zero-diag", 0.75, 300, ["--rank", "50"]),
    ("epub", "als-zero-diag", 0.9, 30, ["--rank", "400"]),
    ("groceries", "edlae-lowrank", 0.75, 100, ["--rank", "50", "--epochs", "30"]),
    ("epub", "edlae-lowrank", 0.5, 3, ["--rank", "200", "--epochs", "30"]),
    ("groceries", "sampled", 0.25, 1000, ["--epochs", "50"]),
    ("epub", "sampled", 0.75, 10, ["--epochs", "50"]),
]


def run(*args):
    return subprocess.run([tool, *args], check=True, capture_output=True, text=True).stdout



def weights(folder):
    """B, or U V^T of a factored model, in float64."""
    manifest = json.load(open(folder + "/model.json"))
    if manifest["weights"] == "factored":
        u = np.load(folder + "/U.npy").astype(np.float64)
        v = np.load(folder + "/V.npy").astype(np.float64)
        return u @ v.T, manifest["dataType"]
    return np.load(folder + "/B.npy").astype(np.float64), manifest["dataType"]


for data, solver, p, lam, extra in RUNS:
    if only and solver not in only:
        continue
    path = f"{data_dir}/{data}.csv"
    models, metrics, seconds = {}, {}, {}
    for precision in ("double", "single"):
        folder = f"{out}/{data}-{solver}-{precision}"
        dropout = [] if p is None else ["--dropout", str(p)]
        common = ["--solver", solver, *dropout, "--lambda", str(lam), *extra, "--precision", precision]
        start = time.time()
        run("fit", "--data", path, "--output", folder, "--quiet", *common)
        models[precision] = folder
        record = json.loads(run("evaluate", "--data", path, "--folds", "5", "--json", "--quiet", *common))
        metrics[precision] = {name: {"mean": m["mean"], "standardError": m["standardError"]}
                              for name, m in record["metrics"].items()}
        seconds[precision] = time.time() - start
    b64, type64 = weights(models["double"])
    b32, type32 = weights(models["single"])
    assert (type64, type32) == ("<f8", "<f4"), (type64, type32)
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
    print(json.dumps({"metricShiftInStandardErrors": shifts, "data": data, "solver": solver, "p": p, "lambda": lam,
                      "options": extra, "maxRelativeDifferenceOfB": relative, "top20Overlap": overlap,
                      "users": len(tops["double"]), "metrics": metrics, "fitAndEvaluateSeconds": seconds},
                     sort_keys=True), flush=True)
