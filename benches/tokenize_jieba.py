"""Python jieba baseline for benches/tokenize.sh: the same decoded text as the Rust benchmark.

Reads the laws' decoded text written by `cargo bench --bench corpus -- --dump-text FILE` (UTF-8, one
document per NUL-separated record), loads jieba's dictionary outside the timed part, then times
`jieba.lcut(text)` (HMM on, jieba's default, as in the Rust side) over every document, `--runs` times.
Prints one JSON line like the Rust benchmark's.
"""

import argparse
import json
import statistics
import sys
import time

import jieba


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--text", required=True)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    with open(args.text, "rb") as f:
        raw = f.read()
    docs = [d.decode("utf-8") for d in raw.split(b"\0") if d]
    mb = sum(len(d.encode("utf-8")) for d in docs) / 1e6
    jieba.setLogLevel(60)
    jieba.initialize()
    secs = []
    tokens = 0
    for _ in range(args.runs):
        t = time.perf_counter()
        tokens = sum(len(jieba.lcut(d)) for d in docs)
        secs.append(time.perf_counter() - t)
        print(f"python jieba run: {secs[-1]:.2f}s", file=sys.stderr)
    med = statistics.median(secs)
    print(json.dumps({
        "corpus": "laws", "tool": "python_jieba", "version": jieba.__version__, "threads": 1,
        "docs": len(docs), "mb": round(mb, 3), "runs": args.runs, "median_s": round(med, 3),
        "min_s": round(min(secs), 3), "max_s": round(max(secs), 3),
        "mb_per_s": round(mb / med, 3), "tokens": tokens,
    }, ensure_ascii=False))


if __name__ == "__main__":
    main()
