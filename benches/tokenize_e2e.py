"""End-to-end tokenization benchmark for benches/tokenize.sh: whole processes, as users run them, over the same
folder, each writing to /dev/null:

- `raw_cut`: raw jieba-rs 0.11 cutting every line, no output (benches/jieba_jsonl.rs --cut-only);
- `raw_jsonl`: raw jieba-rs cutting every line and writing JSONL with every token and its code-point span through
  serde_json: a researcher's twenty-line tool (benches/jieba_jsonl.rs);
- `raw_cut_tN`, `raw_jsonl_tN`, for each N > 1 given: the same two on N threads (`--threads N`: batches of files
  cut in parallel, written in order), to show how far raw jieba-rs itself scales on the machine;
- `govrules_jN`: `govrules --jobs N tokenize --jsonl FOLDER`, for each N given;
- `python_jsonl`: Python jieba 0.42.1 doing the raw tool's job (`jieba.tokenize`, `json.dumps` per line;
  benches/jieba_jsonl.py), in the first `--py-rounds` rounds only (it takes about 40 times as long);
- `before_jN`, with `--before BINARY`: a govrules built before a change, in the same rounds, so that the
  change's effect is a ratio taken within each round too (`govrules_jN / before_jN`).

The machine is shared and noisy, so the tools run in rounds: each round runs every tool once, back to back, in an
order that rotates from round to round, and each ratio is taken within a round; the median of the per-round ratios
is the figure to quote (the single-threaded ratios are also given in CPU seconds). A first, untimed round counts
each tool's output (bytes, lines) and warms the page cache.
Prints one JSON object per line: `e2e_cmd` (the commands), `e2e_output`, `e2e_time` (per tool: median, min, max
wall seconds and median CPU seconds) and `e2e_ratio` (per ratio: median, min, max over rounds). Standard library
only.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time


def run(argv, out=subprocess.DEVNULL):
    """Wall seconds and CPU seconds (user + system, all threads) of one run."""
    t = time.perf_counter()
    p = subprocess.Popen(argv, stdout=out, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode not in (0,):
        sys.exit(f"tokenize_e2e.py: {' '.join(argv)} exited {p.returncode}")
    return wall, usage.ru_utime + usage.ru_stime


def count_output(argv):
    """Bytes and lines a command writes (untimed)."""
    p = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    size = lines = 0
    while chunk := p.stdout.read(1 << 20):
        size += len(chunk)
        lines += chunk.count(b"\n")
    if p.wait() != 0:
        sys.exit(f"tokenize_e2e.py: {' '.join(argv)} exited {p.returncode}")
    return size, lines


def spread(xs):
    return {"median": round(statistics.median(xs), 3), "min": round(min(xs), 3), "max": round(max(xs), 3)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--govrules", required=True)
    ap.add_argument("--raw", required=True, help="the benches/jieba_jsonl.rs binary")
    ap.add_argument("--python", help="a Python with jieba 0.42.1")
    ap.add_argument("--folder", required=True)
    ap.add_argument("--corpus", default="laws")
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--py-rounds", type=int, default=3)
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--before", help="a govrules binary from before a change, timed in the same rounds")
    args = ap.parse_args()
    threads = [int(t) for t in args.threads.split(",")]
    here = os.path.dirname(os.path.abspath(__file__))
    tools = {
        "raw_cut": [args.raw, "--cut-only", args.folder],
        "raw_jsonl": [args.raw, args.folder],
    }
    for n in threads[1:]:
        tools[f"raw_cut_t{n}"] = [args.raw, "--cut-only", "--threads", str(n), args.folder]
        tools[f"raw_jsonl_t{n}"] = [args.raw, "--threads", str(n), args.folder]
    for n in threads:
        tools[f"govrules_j{n}"] = [args.govrules, "--jobs", str(n), "tokenize", "--jsonl", args.folder]
    if args.before:
        for n in threads:
            tools[f"before_j{n}"] = [args.before, "--jobs", str(n), "tokenize", "--jsonl", args.folder]
    if args.python and args.py_rounds > 0:
        tools["python_jsonl"] = [args.python, os.path.join(here, "jieba_jsonl.py"), args.folder]
    for name, argv in tools.items():
        print(json.dumps({"corpus": args.corpus, "tool": "e2e_cmd", "name": name, "cmd": " ".join(argv) + " > /dev/null"},
                         ensure_ascii=False), flush=True)
    for name, argv in tools.items():
        if name != "python_jsonl":
            size, lines = count_output(argv)
            print(json.dumps({"corpus": args.corpus, "tool": "e2e_output", "name": name, "bytes": size, "lines": lines}),
                  flush=True)

    names = list(tools)
    walls = {n: [] for n in names}
    cpus = {n: [] for n in names}
    rounds = []
    cpu_rounds = []
    for r in range(args.rounds):
        present = [n for n in names if n != "python_jsonl" or r < args.py_rounds]
        k = r % len(present)
        order = present[k:] + present[:k]
        secs = {}
        cpu_secs = {}
        for name in order:
            wall, cpu = run(tools[name])
            secs[name] = wall
            cpu_secs[name] = cpu
            walls[name].append(wall)
            cpus[name].append(cpu)
        rounds.append(secs)
        cpu_rounds.append(cpu_secs)
        print(f"round {r + 1}: " + ", ".join(f"{n} {secs[n]:.3f}s" for n in names if n in secs), file=sys.stderr)

    for name in names:
        if walls[name]:
            print(json.dumps({"corpus": args.corpus, "tool": "e2e_time", "name": name, "runs": len(walls[name]),
                              **{f"{k}_s": v for k, v in spread(walls[name]).items()},
                              "cpu_median_s": round(statistics.median(cpus[name]), 3)}), flush=True)

    # Throughput ratios (a / b > 1: the first is faster), each taken within one round.
    one = f"govrules_j{threads[0]}"
    ratios = [(f"{one} / raw_jsonl", one, "raw_jsonl"), (f"{one} / raw_cut", one, "raw_cut")]
    ratios += [(f"govrules_j{n} / {one}", f"govrules_j{n}", one) for n in threads[1:]]
    ratios += [(f"raw_jsonl_t{n} / raw_jsonl", f"raw_jsonl_t{n}", "raw_jsonl") for n in threads[1:]]
    ratios += [(f"raw_cut_t{n} / raw_cut", f"raw_cut_t{n}", "raw_cut") for n in threads[1:]]
    ratios += [(f"govrules_j{n} / raw_jsonl_t{n}", f"govrules_j{n}", f"raw_jsonl_t{n}") for n in threads[1:]]
    ratios += [(f"govrules_j{n} / python_jsonl", f"govrules_j{n}", "python_jsonl") for n in threads]
    ratios += [("raw_jsonl / python_jsonl", "raw_jsonl", "python_jsonl"), ("raw_cut / raw_jsonl", "raw_cut", "raw_jsonl")]
    if args.before:
        ratios += [(f"before_j{threads[0]} / raw_jsonl", f"before_j{threads[0]}", "raw_jsonl")]
        ratios += [(f"before_j{n} / before_j{threads[0]}", f"before_j{n}", f"before_j{threads[0]}") for n in threads[1:]]
        ratios += [(f"govrules_j{n} / before_j{n}", f"govrules_j{n}", f"before_j{n}") for n in threads]
    for label, a, b in ratios:
        xs = [s[b] / s[a] for s in rounds if a in s and b in s]
        if xs:
            print(json.dumps({"corpus": args.corpus, "tool": "e2e_ratio", "ratio": label, "rounds": len(xs),
                              **spread(xs)}), flush=True)
    # The same ratios in CPU seconds, where both sides run one thread: on a shared machine whose other jobs
    # take the cores away, CPU time is what a slow spell disturbs least (wall time counts the waiting too).
    single = {"raw_cut", "raw_jsonl", "python_jsonl", f"govrules_j{threads[0]}", f"before_j{threads[0]}"} \
        if threads[0] == 1 else set()
    for label, a, b in ratios:
        if a in single and b in single:
            xs = [s[b] / s[a] for s in cpu_rounds if a in s and b in s]
            if xs:
                print(json.dumps({"corpus": args.corpus, "tool": "e2e_ratio", "ratio": label + " (CPU time)",
                                  "rounds": len(xs), **spread(xs)}), flush=True)


if __name__ == "__main__":
    main()
