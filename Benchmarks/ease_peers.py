"""EASE (Steck, WWW 2019) from a peer library against this library's EDLAE at dropout 0.

Usage (run by ease_peers.sh, inside the peer's virtual environment):

    python ease_peers.py --peer cornac|recpack --data FILE.csv --model DIR --lambda L

FILE.csv holds `user,item` lines (header first), every line one interaction. DIR is the folder that
`edlae fit --data FILE.csv --solver edlae --dropout 0 --lambda L --output DIR` wrote: `model.json`
(whose `itemIDs` give the file's item id of each row and column of B) and `B.npy`. The peer fits
its EASE on the same interactions with the same lambda; its B is permuted into this library's item
order by item id, and the script prints one JSON line:

    max_abs_difference      max_ij |B_ij - B_peer_ij|
    relative_difference     max_ij |B_ij - B_peer_ij| / max_ij |B_peer_ij|   (the headline number)
    frobenius_relative      ||B - B_peer||_F / ||B_peer||_F
    rounding_scale          m u kappa(G + lambda I), u = 2^-53: the size of difference that two
                            correct double-precision inversions may show (kappa from eigvalsh)

Cornac's EASE keeps only positive weights unless `posB=False` (its constructor default is True,
whatever its docstring says); this script sets `posB=False` to get EASE itself.
"""

import argparse
import csv
import json
import os
import sys

import numpy as np
import scipy.sparse


def read_pairs(path):
    """The (user id, item id) pairs of a `user,item[,value]` CSV file with a header, as text."""
    with open(path, newline="") as handle:
        rows = csv.reader(handle)
        header = next(rows)
        if [name.strip().lower() for name in header[:2]] != ["user", "item"]:
            sys.exit(f"{path}: expected a 'user,item' header, got {header}")
        return [(row[0].strip(), row[1].strip()) for row in rows if row]


def fit_cornac(pairs, lam):
    """Cornac's EASE; returns (B, item ids in B's order, version)."""
    import cornac
    from cornac.models import EASE

    data = cornac.data.Dataset.from_uir([(u, i, 1.0) for u, i in pairs], seed=0)
    model = EASE(lamb=lam, posB=False, verbose=False)
    model.fit(data)
    ids = [None] * len(data.iid_map)
    for raw, index in data.iid_map.items():
        ids[index] = str(raw)
    return np.asarray(model.B, dtype=np.float64), ids, cornac.__version__


def fit_recpack(pairs, lam):
    """RecPack's EASE (alpha = 0, no pruning); returns (B, item ids in B's order, version)."""
    from importlib.metadata import version

    from recpack.algorithms import EASE

    users, items = {}, {}
    rows, cols = [], []
    for u, i in pairs:
        rows.append(users.setdefault(u, len(users)))
        cols.append(items.setdefault(i, len(items)))
    x = scipy.sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(users), len(items)))
    x.sum_duplicates()
    x.data[:] = 1.0
    model = EASE(l2=lam)
    model.fit(x)
    ids = [None] * len(items)
    for raw, index in items.items():
        ids[index] = raw
    return model.similarity_matrix_.toarray().astype(np.float64), ids, version("recpack")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--peer", choices=["cornac", "recpack"], required=True)
    parser.add_argument("--data", required=True)
    parser.add_argument("--model", required=True)
    parser.add_argument("--lambda", dest="lam", type=float, required=True)
    args = parser.parse_args()

    with open(os.path.join(args.model, "model.json")) as handle:
        manifest = json.load(handle)
    ours = np.load(os.path.join(args.model, "B.npy"))
    our_ids = [str(i) for i in manifest["itemIDs"]]
    if ours.shape != (len(our_ids), len(our_ids)):
        sys.exit(f"B.npy is {ours.shape}, model.json lists {len(our_ids)} items")

    pairs = read_pairs(args.data)
    fit = fit_cornac if args.peer == "cornac" else fit_recpack
    theirs, their_ids, peer_version = fit(pairs, args.lam)

    # Items of our model that never occur in the file (empty columns under integer ids) have no
    # row in the peer's B; the comparison covers the items both have, and says how many that is.
    position = {item: k for k, item in enumerate(their_ids)}
    shared = [k for k, item in enumerate(our_ids) if item in position]
    permutation = [position[our_ids[k]] for k in shared]
    ours = ours[np.ix_(shared, shared)]
    theirs = theirs[np.ix_(permutation, permutation)]

    # The rounding scale: kappa of G + lambda I over the shared items.
    users, columns = {}, {item: k for k, item in enumerate(our_ids[k] for k in shared)}
    rows, cols = [], []
    for u, i in pairs:
        if i in columns:
            rows.append(users.setdefault(u, len(users)))
            cols.append(columns[i])
    x = scipy.sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(users), len(columns)))
    x.sum_duplicates()
    x.data[:] = 1.0
    gram = (x.T @ x).toarray() + args.lam * np.identity(len(columns))
    eigenvalues = np.linalg.eigvalsh(gram)
    kappa = eigenvalues[-1] / eigenvalues[0]

    difference = np.abs(ours - theirs)
    result = {
        "data": os.path.basename(args.data),
        "peer": args.peer,
        "peer_version": peer_version,
        "lambda": args.lam,
        "items": len(our_ids),
        "items_compared": len(shared),
        "max_abs_difference": float(difference.max()),
        "relative_difference": float(difference.max() / np.abs(theirs).max()),
        "frobenius_relative": float(np.linalg.norm(ours - theirs) / np.linalg.norm(theirs)),
        "kappa": float(kappa),
        "rounding_scale": float(len(shared) * 2.0**-53 * kappa),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
