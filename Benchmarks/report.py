"""Prints the side-by-side table of compare.sh from the JSON files it wrote."""
import json
import sys


def read(path):
    with open(path) as f:
        return json.load(f)


def fmt(x, digits=3):
    return "-" if x is None else f"{x:.{digits}f}"


def main(directory, sizes):
    for m in sizes:
        ours, ref = read(f"{directory}/swift-{m}.json"), read(f"{directory}/numpy-{m}.json")
        s, r, g = ours["seconds"], ref["seconds"], ours["gflops"]
        blas = ", ".join(f"{b.get('version')} {b.get('architecture')} x{b.get('num_threads')}" for b in ref["blas"])
        print(f"\n### m = {m}: {ours['users']} users, {ours['nnz']} interactions (density {ours['density']:.4f})")
        print(f"Swift: OpenBLAS {ours['openblas_core']} x{ours['openblas_threads']}; NumPy {ref['numpy']}: {blas}")
        reference = dict(ref["checks"], lean_dlae_sum=ref["checks"]["dlae_sum"], lean_edlae_sum=ref["checks"]["edlae_sum"])
        mismatched = [k for k, v in ours["checks"].items()
                      if k in reference and abs(v - reference[k]) > 1e-8 * max(1, abs(v))]
        print("checksums agree with NumPy" if not mismatched else f"CHECKSUMS DIFFER: {mismatched}")
        print(f"{'computation':28} {'ours s':>9} {'GFLOP/s':>8} {'floor s':>9} {'ours/floor':>10} {'numpy s':>9} {'numpy/ours':>10}")

        def row(name, key, floor=None, numpy_key=None):
            t = s.get(key)
            n = r.get(numpy_key or key)
            print(f"{name:28} {fmt(t):>9} {fmt(g.get(key), 1):>8} {fmt(floor):>9} "
                  f"{fmt(t / floor if floor and t else None, 2):>10} {fmt(n):>9} {fmt(n / t if n and t else None, 2):>10}")

        print(f"{'dgemm m x m x m':28} {fmt(s['dgemm_mmm']):>9} {fmt(g['dgemm_mmm'], 1):>8}"
              f" {'':>9} {'':>10} {fmt(r['dgemm_mmm']):>9} {fmt(r['dgemm_mmm'] / s['dgemm_mmm'], 2):>10}")
        row("floor dpotrf+dpotri", "floor_potrf_potri")
        row("Gram X^T X (dense result)", "gram")
        print(f"{'  scipy X.T @ X sparse only':28} {'':>9} {'':>8} {'':>9} {'':>10} {fmt(r['gram_sparse_only']):>9}"
              f" {fmt(r['gram_sparse_only'] / s['gram'], 2):>10}")
        row("DLAE (Eq. 5)", "dlae", s["floor_potrf_potri"])
        row("EDLAE (Eq. 8)", "edlae", s["floor_potrf_potri"])
        row("  lean DLAE", "lean_dlae", s["floor_potrf_potri"], "dlae")
        row("  lean EDLAE", "lean_edlae", s["floor_potrf_potri"], "edlae")
        for k in ours["ranks"]:
            row(f"TeacherStudent k={k}", f"teacher_student_{k}", s[f"lean_teacher_student_{k}"])
        for k in ours["ranks"]:
            row(f"  eigen k={k} (dsyevr range)", f"partial_eigen_{k}", None, f"partial_evr_{k}")
            if f"arpack_{k}" in r:
                print(f"{'    scipy ARPACK eigsh':28} {'':>9} {'':>8} {'':>9} {'':>10} {fmt(r[f'arpack_{k}']):>9}"
                      f" {fmt(r[f'arpack_{k}'] / s[f'partial_eigen_{k}'], 2):>10}")
        for k in ours["ranks"]:
            row(f"ADMM epoch k={k}", f"admm_epoch_{k}", 3 * s[f"dgemm_mmk_{k}"])
            row(f"  lean ADMM epoch k={k}", f"lean_admm_epoch_{k}", 3 * s[f"dgemm_mmk_{k}"], f"admm_epoch_{k}")
        for k in ours["ranks"]:
            row(f"ALS sweep k={k}", f"als_iteration_{k}", s[f"lean_als_iteration_{k}"])
        print("(floor: dpotrf+dpotri on G + Lambda for the full-rank fits; the three m x m x k dgemm for an ADMM epoch;"
              " the benchmark-local lean arrangement for TeacherStudent and the ALS sweep)")
        print("Algorithm 1 vs 10 ADMM epochs (inverse + 10 epochs), ours:")
        for k in ours["ranks"] + ours.get("table1_ranks", []):
            admm10 = s[f"admm_setup_{k}"] + 10 * s[f"admm_epoch_{k}"]
            ts = s[f"teacher_student_{k}"]
            print(f"  k={k:5}: Algorithm 1 {ts:.3f} s, ADMM x10 {admm10:.3f} s, ADMM/Alg.1 = {admm10 / ts:.2f}")
        for model in ["edlae", "dlae"]:
            try:
                a = read(f"{directory}/swift-rss-{model}-{m}.json")
                b = read(f"{directory}/numpy-rss-{model}-{m}.json")
            except FileNotFoundError:
                continue
            mb = m * m * 8 / 2**20
            print(f"peak RSS {model}: ours {a['peak_rss_kb'] / 1024:.0f} MiB (before fit {a['rss_before_fit_kb'] / 1024:.0f},"
                  f" +{(a['peak_rss_kb'] - a['rss_before_fit_kb']) / 1024 / mb:.2f} m x m buffers);"
                  f" numpy {b['peak_rss_kb'] / 1024:.0f} MiB (before fit {b['rss_before_fit_kb'] / 1024:.0f},"
                  f" +{(b['peak_rss_kb'] - b['rss_before_fit_kb']) / 1024 / mb:.2f} m x m buffers)")


if __name__ == "__main__":
    main(sys.argv[1], [int(x) for x in sys.argv[2:]])
