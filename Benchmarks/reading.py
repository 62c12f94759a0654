"""The pandas/SciPy side of reading.sh: reads a `user,item` CSV file with pandas.read_csv (C engine),
maps both id columns to contiguous indices in ascending order (pandas.factorize(sort=True)) and
builds a scipy.sparse CSR matrix with duplicates combined (binary data: a repeated pair counts once),
which is what InteractionDataset(contentsOfCSVFile:) returns. Prints JSON: wall time and peak RSS.

    python reading.py FILE
"""
import json
import resource
import sys
import time

import numpy as np
import pandas as pd
from scipy import sparse


def read(path):
    frame = pd.read_csv(path, engine="c")
    users, user_ids = pd.factorize(frame.iloc[:, 0], sort=True)
    items, item_ids = pd.factorize(frame.iloc[:, 1], sort=True)
    del frame
    x = sparse.csr_matrix((np.ones(len(users)), (users, items)), shape=(len(user_ids), len(item_ids)))
    x.sum_duplicates()
    x.data[:] = 1.0
    return x


def main():
    path = sys.argv[1]
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    x = read(path)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({
        "file": path, "seconds": seconds, "users": x.shape[0], "items": x.shape[1], "nnz": int(x.nnz),
        "value_sum": float(x.data.sum()), "peak_rss_kb": peak, "rss_before_read_kb": baseline,
        "bytes_per_interaction": peak * 1024 / x.nnz,
        "pandas": pd.__version__, "numpy": np.__version__,
    }, indent=1, sort_keys=True))


if __name__ == "__main__":
    main()
