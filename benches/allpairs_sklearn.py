#!/usr/bin/env python3
"""Reference for the all-pairs article similarity benchmark: scikit-learn on the SAME articles with the SAME
features as govrules.

Reads the article term lists that `cargo bench --bench allpairs -- --export FILE` wrote (JSONL: one
{"id", "label", "terms"} per article), builds TfidfVectorizer(analyzer=identity) vectors (the default
weighting: raw counts, smooth idf, L2 norm, as govrules), takes the sparse product X·Xᵀ and each row's top-10
(itself excluded). Times the whole pipeline (median of --runs), then compares the top-10 lists with the
neighbours govrules wrote (--neighbours FILE: one {"id", "neighbours": [[j, score], ...]} per article).

Two lists agree when they hold the same articles, allowing for ties at the cut: an article in one list but
not the other counts as agreeing when its score equals the 10th score within 1e-6.
"""

import argparse
import json
import statistics
import sys
import time

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer


def identity(doc):
    return doc


def top_k(x, k):
    """Top-k neighbours per row of the sparse similarity matrix x (diagonal removed): [(j, score)], best first."""
    out = []
    x = x.tocsr()
    for i in range(x.shape[0]):
        row = x.getrow(i)
        idx, val = row.indices, row.data
        mask = (idx != i) & (val > 0)
        idx, val = idx[mask], val[mask]
        if len(val) > k:
            part = np.argpartition(-val, k - 1)[:k]
            idx, val = idx[part], val[part]
        order = np.lexsort((idx, -val))
        out.append([(int(idx[o]), float(val[o])) for o in order])
    return out


def run(docs, k):
    vec = TfidfVectorizer(analyzer=identity, lowercase=False)
    x = vec.fit_transform(docs)
    sims = x @ x.T
    return top_k(sims, k)


def agree(ours, theirs, k):
    a = {j for j, _ in ours}
    b = {j for j, _ in theirs}
    if a == b:
        return True
    cut = min([s for _, s in theirs[:k]] or [0.0])
    ours_scores = dict(ours)
    theirs_scores = dict(theirs)
    for j in a ^ b:
        s = ours_scores.get(j, theirs_scores.get(j))
        if abs(s - cut) > 1e-6:
            return False
    return True


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--terms", required=True)
    p.add_argument("--neighbours", required=True)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("-k", type=int, default=10)
    args = p.parse_args()

    docs = []
    with open(args.terms, encoding="utf-8") as f:
        for line in f:
            docs.append(json.loads(line)["terms"])
    times = []
    result = None
    for _ in range(args.runs):
        t0 = time.perf_counter()
        result = run(docs, args.k)
        times.append(time.perf_counter() - t0)
    ours = {}
    with open(args.neighbours, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            ours[r["id"]] = [(int(j), float(s)) for j, s in r["neighbours"]]
    n = len(docs)
    agreeing = sum(1 for i in range(n) if agree(ours.get(i, []), result[i], args.k))
    max_diff = 0.0
    for i in range(n):
        theirs = dict(result[i])
        for j, s in ours.get(i, []):
            if j in theirs:
                max_diff = max(max_diff, abs(s - theirs[j]))
    json.dump(
        {
            "articles": n,
            "sklearn_seconds": [round(t, 3) for t in times],
            "sklearn_median_seconds": round(statistics.median(times), 3),
            "top10_agreement": round(agreeing / n, 5) if n else None,
            "articles_agreeing": agreeing,
            "max_score_difference": max_diff,
        },
        sys.stdout,
        indent=2,
    )
    print()


if __name__ == "__main__":
    main()
