"""Python jieba 0.42.1 doing the job `govrules tokenize --jsonl` does, for benches/tokenize.sh: the same
files (`.txt` and `.md` under the folders given, sorted, README skipped), every line cut by
`jieba.tokenize` (HMM on, jieba's default), each non-empty line written to standard output as one JSON object
with every token and its code-point span into the file's text (`json.dumps`), the records benches/jieba_jsonl.rs
writes:

    {"doc":"中华人民共和国公司法","line":12,"tokens":[{"text":"第一条","span":[301,304]},...]}

Usage: python benches/jieba_jsonl.py PATH... > out.jsonl
"""

import json
import os
import sys

import jieba


def files(paths):
    out = []
    for p in paths:
        if os.path.isdir(p):
            for root, dirs, names in os.walk(p):
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                for n in names:
                    stem, ext = os.path.splitext(n)
                    if ext.lower() in (".txt", ".md") and stem.lower() != "readme" and not n.startswith("."):
                        out.append(os.path.join(root, n))
        else:
            out.append(p)
    return sorted(set(out))


def main() -> None:
    jieba.setLogLevel(60)
    out = sys.stdout
    tokens = 0
    names = files(sys.argv[1:])
    for path in names:
        with open(path, encoding="utf-8") as f:
            text = f.read()
        doc = os.path.splitext(os.path.basename(path))[0]
        at = 0
        for n, line in enumerate(text.split("\n")):
            if line:
                toks = [{"text": w, "span": [at + s, at + e]} for w, s, e in jieba.tokenize(line)]
                tokens += len(toks)
                out.write(json.dumps({"doc": doc, "line": n + 1, "tokens": toks},
                                     ensure_ascii=False, separators=(",", ":")))
                out.write("\n")
            at += len(line) + 1
    print(f"{len(names)} files, {tokens} tokens", file=sys.stderr)


if __name__ == "__main__":
    main()
