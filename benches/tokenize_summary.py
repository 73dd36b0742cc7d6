"""Summarises the JSON lines of benches/tokenize.sh into the Markdown tables kept in benches/RESULTS.md: MB/s per
corpus, tool and thread count, and the ratios the targets are stated in, for the library (benches/corpus.rs) and
end to end (benches/tokenize_e2e.py), side by side. Standard library only."""

import json
import sys


def main() -> None:
    rows = [json.loads(l) for f in sys.argv[1:] for l in open(f, encoding="utf-8") if l.startswith("{")]
    e2e = [r for r in rows if r["tool"].startswith("e2e_")]
    paired = [r for r in rows if r["tool"] == "paired"]
    rows = [r for r in rows if r["tool"] != "paired" and not r["tool"].startswith("e2e_")]
    if not rows and not e2e:
        sys.exit("tokenize_summary.py: no per-tool lines (tool other than \"paired\") in " + ", ".join(sys.argv[1:]))
    if rows:
        library(rows, paired)
    if e2e:
        end_to_end(e2e, paired)


def library(rows, paired) -> None:
    by = {(r["corpus"], r["tool"], r["threads"]): r for r in rows}
    print("| corpus | tool | threads | MB | median s (min–max) | MB/s |")
    print("|---|---|---:|---:|---|---:|")
    for r in rows:
        print(f"| {r['corpus']} | {r['tool']} | {r['threads']} | {r['mb']:.1f} | "
              f"{r['median_s']:.3f} ({r['min_s']:.3f}–{r['max_s']:.3f}) | {r['mb_per_s']:.2f} |")
    threads = sorted({r["threads"] for r in rows})
    top = threads[-1]

    def rate(corpus, tool, t):
        r = by.get((corpus, tool, t))
        return r["mb_per_s"] if r else None

    print()
    print("| ratio | value |")
    print("|---|---:|")
    for corpus in dict.fromkeys(r["corpus"] for r in rows):
        lines = [
            ("govrules 1 thread / raw jieba-rs 1 thread", rate(corpus, "govrules", 1), rate(corpus, "raw_jieba_rs", 1)),
            ("govrules, memo off, 1 thread / raw jieba-rs 1 thread", rate(corpus, "govrules_no_memo", 1), rate(corpus, "raw_jieba_rs", 1)),
            (f"govrules {top} threads / govrules 1 thread", rate(corpus, "govrules", top), rate(corpus, "govrules", 1)),
            (f"raw jieba-rs {top} threads / 1 thread", rate(corpus, "raw_jieba_rs", top), rate(corpus, "raw_jieba_rs", 1)),
            (f"govrules {top} threads / raw jieba-rs {top} threads", rate(corpus, "govrules", top), rate(corpus, "raw_jieba_rs", top)),
            ("govrules 1 thread / Python jieba", rate(corpus, "govrules", 1), rate(corpus, "python_jieba", 1)),
            (f"govrules {top} threads / Python jieba", rate(corpus, "govrules", top), rate(corpus, "python_jieba", 1)),
            ("raw jieba-rs 1 thread / Python jieba", rate(corpus, "raw_jieba_rs", 1), rate(corpus, "python_jieba", 1)),
        ]
        for name, a, b in lines:
            if a is not None and b:
                print(f"| {corpus}: {name} | {a / b:.2f}× |")

    if paired:
        print()
        print("Throughput ratios measured in rounds (`paired`: raw jieba-rs and govrules memo off and on, each over")
        print("the whole corpus, back to back, the order rotating from round to round); median (min–max):")
        print()
        print("| corpus | threads | rounds | govrules memo off / raw jieba-rs | govrules memo on / raw jieba-rs |")
        print("|---|---:|---:|---|---|")
        for r in paired:
            cells = [f"{x['median']:.2f}× ({x['min']:.2f}–{x['max']:.2f})"
                     for x in (r["govrules_no_memo_vs_raw"], r["govrules_vs_raw"])]
            print(f"| {r['corpus']} | {r['threads']} | {r['runs']} | {cells[0]} | {cells[1]} |")


def end_to_end(rows, paired) -> None:
    """The whole-process rounds, with the library's paired ratios beside them."""
    print()
    print("End to end (benches/tokenize_e2e.py): whole processes, output to /dev/null, in rounds whose order rotates.")
    print()
    print("| tool | command |")
    print("|---|---|")
    for r in rows:
        if r["tool"] == "e2e_cmd":
            print(f"| {r['name']} | `{r['cmd']}` |")
    print()
    print("| tool | runs | median s (min–max) | CPU s (median) | output |")
    print("|---|---:|---|---:|---|")
    sizes = {r["name"]: r for r in rows if r["tool"] == "e2e_output"}
    for r in rows:
        if r["tool"] == "e2e_time":
            o = sizes.get(r["name"])
            out = f"{o['bytes'] / 1e6:.1f} MB, {o['lines']:,} lines" if o else "—"
            print(f"| {r['name']} | {r['runs']} | {r['median_s']:.3f} ({r['min_s']:.3f}–{r['max_s']:.3f}) | "
                  f"{r['cpu_median_s']:.3f} | {out} |")
    print()
    print("Throughput ratios, median of the per-round ratios (min–max); > 1 means the first is faster:")
    print()
    print("| ratio | rounds | median (min–max) |")
    print("|---|---:|---|")
    for r in rows:
        if r["tool"] == "e2e_ratio":
            print(f"| {r['ratio']} | {r['rounds']} | **{r['median']:.2f}×** ({r['min']:.2f}–{r['max']:.2f}) |")
    for r in paired:
        if r["corpus"] == rows[0]["corpus"]:
            x = r["govrules_vs_raw"]
            print(f"| library, {r['threads']} thread(s): govrules memo on / raw jieba-rs (benches/corpus.rs paired) | "
                  f"{r['runs']} | {x['median']:.2f}× ({x['min']:.2f}–{x['max']:.2f}) |")


if __name__ == "__main__":
    main()
