"""NumPy/SciPy reference for compare.sh: the same computations on the same data, written the way
the papers' published notebook writes them (dense numpy.linalg.inv for the full-rank models, a
full numpy.linalg.eigh for the eigenvectors, ADMM and ALS updates with m x m temporaries,
scipy.sparse X.T @ X for the Gram matrix).

    python reference.py run --items M --data-dir DIR --ranks 10,200,400 --repeat 3
    python reference.py rss --items M --data-dir DIR --model edlae|dlae

Reads DIR/x-M.i32 (little-endian int32 user,item pairs written by edlae-bench-cli) and prints JSON.
"""
import argparse
import json
import resource
import time

import numpy as np
from scipy import sparse
import scipy.linalg
from scipy.linalg import lapack
from scipy.sparse.linalg import eigsh

DROPOUT, L2, OMEGA = 0.33, 10.0, 10.0  # the same as Workload.swift


def load(directory, m):
    pairs = np.fromfile(f"{directory}/x-{m}.i32", dtype="<i4").reshape(-1, 2)
    users = 5 * m
    return sparse.csr_matrix((np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1])), shape=(users, m), dtype=np.float64)


def best(repeats, prepare, body):
    times = []
    for _ in range(max(1, repeats)):
        state = prepare()
        start = time.perf_counter()
        body(state)
        times.append(time.perf_counter() - start)
    return min(times)


def gram(x):
    return np.asarray(x.T.dot(x).todense())


def weights(g_diag):
    return DROPOUT / (1 - DROPOUT) * g_diag + L2


def edlae(g, lam):
    # Eqs. 8-9 of Steck 2020 as in the published notebook: diagonal set in place, dense inverse.
    g[np.diag_indices(g.shape[0])] += lam
    b = np.linalg.inv(g)
    b /= -np.diag(b)
    b[np.diag_indices(g.shape[0])] = 0.0
    return b


def dlae(g, lam):
    # Eq. 5: B = I - (G + Lambda)^-1 Lambda.
    g[np.diag_indices(g.shape[0])] += lam
    p = np.linalg.inv(g)
    b = -p * lam
    b[np.diag_indices(g.shape[0])] += 1.0
    return b


def floor(a):
    c, info = lapack.dpotrf(a, lower=1, overwrite_a=1, clean=0)
    lapack.dpotri(c, lower=1, overwrite_c=1)


def teacher_student(g, lam, k):
    # Algorithm 1 of Steck & Liang with the identity B^T (G + Lambda) B = (G + Lambda) - dMat(1/diag C)(I + B)
    # stated below it (cheaper than the two m x m products), and a full eigh.
    m = g.shape[0]
    a = g.copy()
    a[np.diag_indices(m)] += lam
    c = np.linalg.inv(a)
    d = 1.0 / np.diag(c)
    b = np.eye(m) - c * d
    mm = a - d[:, None] * (np.eye(m) + b)
    values, vectors = np.linalg.eigh(mm)
    v = vectors[:, -k:][:, ::-1]
    u = b.dot(v)
    return u, v, values[-k:]


def student_gram(g, lam):
    """B^T (G + Lambda) B of Algorithm 1 (the matrix whose top eigenvectors give V)."""
    m = g.shape[0]
    a = g.copy()
    a[np.diag_indices(m)] += lam
    c = np.linalg.inv(a)
    d = 1.0 / np.diag(c)
    return a - d[:, None] * (2 * np.eye(m) - c * d)


class ADMM:
    """The ADMM epoch of the published notebook (supplement Sec. 3), Omega = Lambda + omega I."""

    def __init__(self, g, lam, k, seed=7):
        m = g.shape[0]
        self.g, self.gdiag, self.lam = g.copy(), np.diag(g).copy(), lam
        self.omega = lam + OMEGA
        a = self.g.copy()
        a[np.diag_indices(m)] += lam + self.omega
        self.p = np.linalg.inv(a)
        self.beta, self.gamma = np.zeros(m), np.zeros(m)
        self.u = np.random.default_rng(seed).standard_normal((m, k)) * 0.01
        self.ii = np.diag_indices(m)

    def epoch(self):
        xtx, ii, gd = self.g, self.ii, self.gdiag
        xtx[ii] = gd + self.lam + self.omega
        hh = self.u.T.dot(xtx).dot(self.u)
        hh = np.linalg.inv(hh).dot(self.u.T)
        xtx[ii] = gd
        gg = xtx * (1.0 + self.beta)
        gg[ii] += self.omega * (self.beta - self.gamma)
        vvt = hh.dot(gg)
        hh = np.linalg.inv(vvt.dot(vvt.T))
        hh = vvt.T.dot(hh)
        uu = xtx * (1.0 + self.beta)
        uu[ii] += self.omega * (self.beta - self.gamma)
        uu = uu.dot(hh)
        self.u = self.p.dot(uu)
        uuvvt = self.u.dot(vvt)
        uuvv_diag = np.diag(uuvvt)
        num = np.diag(xtx.dot(uuvvt)) - gd + self.omega * (uuvv_diag + self.gamma)
        den = gd + self.omega - self.lam
        self.beta = np.maximum(num / den, 0.0)
        self.gamma += uuvv_diag - self.beta


class ALS:
    """One iteration of the published notebook's zero-diagonal updates (supplement Sec. 4)."""

    def __init__(self, g, lam, k, seed=11):
        m = g.shape[0]
        self.g, self.lam, self.ii = g, lam, np.diag_indices(m)
        a = g.copy()
        a[self.ii] += lam
        self.a = a
        self.c = np.linalg.inv(a)
        self.vvt = np.random.default_rng(seed).standard_normal((k, m)) * 0.01

    def iteration(self):
        gg = np.linalg.inv(self.vvt.dot(self.vvt.T))
        kk = self.vvt.T.dot(gg).dot(self.vvt)
        gamma = np.linalg.solve(self.c * kk, np.diag(kk))
        hh = self.c * (-gamma)
        hh[self.ii] += 1.0
        uu = hh.dot(self.vvt.T.dot(gg))
        hh = uu.T.dot(self.a).dot(uu)
        hh = np.linalg.inv(hh).dot(uu.T)
        vvt = hh.dot(self.g)
        eta = np.diag(uu.dot(vvt)) / np.diag(uu.dot(hh))
        self.vvt = vvt - hh * eta


def current_rss_kb():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def blas_info():
    try:
        from threadpoolctl import threadpool_info
        return threadpool_info()
    except Exception as error:  # threadpoolctl missing: say so rather than fail
        return [{"error": str(error)}]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("command", choices=["run", "rss"])
    parser.add_argument("--items", type=int, required=True)
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--ranks", default="")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--model", default="edlae")
    args = parser.parse_args()
    m = args.items
    x = load(args.data_dir, m)

    if args.command == "rss":
        g = gram(x)
        lam = weights(np.diag(g).copy())
        before = current_rss_kb()
        start = time.perf_counter()
        b = edlae(g, lam) if args.model == "edlae" else dlae(g, lam)
        seconds = time.perf_counter() - start
        print(json.dumps({"items": m, "model": args.model, "seconds": seconds, "checksum": float(b.sum()),
                          "rss_before_fit_kb": before,
                          "peak_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}, sort_keys=True))
        return

    ranks = [int(r) for r in args.ranks.split(",")] if args.ranks else [10, m // 20, m // 10]
    seconds, checks = {}, {}
    seconds["gram"] = best(args.repeat, lambda: None, lambda _: gram(x))
    seconds["gram_sparse_only"] = best(args.repeat, lambda: None, lambda _: x.T.dot(x))
    g = gram(x)
    lam = weights(np.diag(g).copy())
    checks["gram_sum"] = float(g.sum())
    seconds["edlae"] = best(args.repeat, lambda: g.copy(), lambda a: edlae(a, lam))
    seconds["dlae"] = best(args.repeat, lambda: g.copy(), lambda a: dlae(a, lam))
    checks["edlae_sum"] = float(edlae(g.copy(), lam).sum())
    checks["dlae_sum"] = float(dlae(g.copy(), lam).sum())

    def regularized():
        a = np.asfortranarray(g.copy())
        a[np.diag_indices(m)] += lam
        return a

    seconds["floor_potrf_potri"] = best(args.repeat, regularized, floor)
    square = np.random.default_rng(1).standard_normal((m, m))
    seconds["dgemm_mmm"] = best(args.repeat, lambda: None, lambda _: square.dot(square))
    student = student_gram(g, lam)
    for k in ranks:
        tall = np.random.default_rng(2).standard_normal((m, k))
        seconds[f"dgemm_mmk_{k}"] = best(args.repeat, lambda: None, lambda _: square.dot(tall))
        seconds[f"teacher_student_{k}"] = best(args.repeat, lambda: None, lambda _: teacher_student(g, lam, k))
        checks[f"teacher_student_{k}_eigensum"] = float(teacher_student(g, lam, k)[2].sum())
        # Algorithm 1's eigenproblem alone, on B^T (G + Lambda) B: scipy's dsyevr with an index range
        # (what the library calls) and, for small k, ARPACK's Lanczos (scipy.sparse.linalg.eigsh,
        # dense matvecs), with the sum of the eigenvalues each finds.
        seconds[f"partial_evr_{k}"] = best(args.repeat, lambda: np.asfortranarray(student), lambda a: scipy.linalg.eigh(
            a, subset_by_index=[m - k, m - 1], driver="evr", overwrite_a=True, check_finite=False))
        if k <= m // 20:
            seconds[f"arpack_{k}"] = best(args.repeat, lambda: None, lambda _: eigsh(student, k=k, which="LA"))
            checks[f"arpack_{k}_eigensum"] = float(eigsh(student, k=k, which="LA")[0].sum())
        admm = ADMM(g, lam, k)
        seconds[f"admm_epoch_{k}"] = best(args.repeat, lambda: None, lambda _: [admm.epoch() for _ in range(args.epochs)]) / args.epochs
        als = ALS(g, lam, k)
        seconds[f"als_iteration_{k}"] = best(args.repeat, lambda: None, lambda _: als.iteration())
    print(json.dumps({"items": m, "ranks": ranks, "seconds": seconds, "checks": checks,
                      "numpy": np.__version__, "blas": blas_info()}, sort_keys=True, indent=1))


if __name__ == "__main__":
    main()
