"""The NumPy side of serve.sh: top-k for every user of serve-x-M.i32 against serve-B-M.npy, the way
NumPy users write it: blocks of 1024 users, dense X_block @ B (BLAS), the user's items set to -inf,
argpartition for the k best, then a sort of those k. Prints JSON with users per second."""
import argparse
import json
import time

import numpy as np
from scipy import sparse


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, required=True)
    parser.add_argument("--users", type=int, required=True)
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--count", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    m, n, k = args.items, args.users, args.count
    pairs = np.fromfile(f"{args.data_dir}/serve-x-{m}.i32", dtype="<i4").reshape(-1, 2)
    x = sparse.csr_matrix((np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1])), shape=(n, m), dtype=np.float64)
    b = np.load(f"{args.data_dir}/serve-B-{m}.npy")

    def serve():
        first = []
        for start in range(0, n, 1024):
            xb = x[start:start + 1024].toarray()
            scores = xb @ b
            scores[xb > 0] = -np.inf
            top = np.argpartition(-scores, k - 1, axis=1)[:, :k]
            order = np.argsort(-np.take_along_axis(scores, top, axis=1), axis=1, kind="stable")
            best = np.take_along_axis(top, order, axis=1)
            first.extend(best[:, 0].tolist())
        return sum(first)

    times, checksum = [], 0
    for _ in range(max(1, args.repeat)):
        begin = time.perf_counter()
        checksum = serve()
        times.append(time.perf_counter() - begin)
    try:
        from threadpoolctl import threadpool_info
        blas = threadpool_info()
    except Exception as error:
        blas = [{"error": str(error)}]
    print(json.dumps({"side": "numpy", "items": m, "users": n, "count": k, "seconds": min(times),
                      "usersPerSecond": n / min(times), "checksumFirstItems": int(checksum),
                      "numpy": np.__version__, "blas": blas}, sort_keys=True))


main()
