"""NumPy reference for teacher_student.sh: Algorithm 1 of Steck & Liang as the published notebook
writes it (dense numpy.linalg.inv, the identity below Algorithm 1, a full numpy.linalg.eigh), in
float64 or float32 (every array in that type, so NumPy calls the d or s LAPACK routines).

    python teacher_student_reference.py --items M --data-dir DIR --ranks 10,50,200 --precision single

Reads DIR/x-M.i32 (int32 user,item pairs written by edlae-bench-cli) and prints JSON.
"""
import argparse
import json
import time

import numpy as np
from scipy import sparse

DROPOUT, L2 = 0.33, 10.0  # the same as Workload.swift


def teacher_student(g, lam, k, dtype):
    m = g.shape[0]
    a = g.copy()
    a[np.diag_indices(m)] += lam
    c = np.linalg.inv(a)
    d = (1.0 / np.diag(c)).astype(dtype)
    b = np.eye(m, dtype=dtype) - c * d
    mm = a - d[:, None] * (np.eye(m, dtype=dtype) + b)
    values, vectors = np.linalg.eigh(mm)
    v = vectors[:, -k:][:, ::-1]
    u = b.dot(v)
    return u, v, values[-k:]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, required=True)
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--ranks", required=True)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--precision", choices=["single", "double"], default="double")
    args = parser.parse_args()
    m = args.items
    dtype = np.float32 if args.precision == "single" else np.float64
    pairs = np.fromfile(f"{args.data_dir}/x-{m}.i32", dtype="<i4").reshape(-1, 2)
    x = sparse.csr_matrix((np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1])), shape=(5 * m, m), dtype=np.float64)
    g64 = np.asarray(x.T.dot(x).todense())
    lam = (DROPOUT / (1 - DROPOUT) * np.diag(g64) + L2).astype(dtype)
    g = g64.astype(dtype)
    rows = []
    for k in [int(r) for r in args.ranks.split(",")]:
        times = []
        for _ in range(max(1, args.repeat)):
            start = time.perf_counter()
            _, _, values = teacher_student(g, lam, k, dtype)
            times.append(time.perf_counter() - start)
        rows.append({"rank": k, "seconds": min(times), "eigensum": float(values.astype(np.float64).sum())})
    try:
        from threadpoolctl import threadpool_info
        blas = threadpool_info()
    except Exception as error:
        blas = [{"error": str(error)}]
    print(json.dumps({"side": "numpy", "items": m, "precision": args.precision, "rows": rows,
                      "numpy": np.__version__, "blas": blas}, sort_keys=True, indent=1))


if __name__ == "__main__":
    main()
