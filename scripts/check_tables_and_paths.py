"""CI (.ci/notebooks.sh, in the notebooks' venv): what govrules writes for pandas reads back as meant.

1. `govrules report --tables` on the bundled corpus and on texts in traditional characters: every CSV starts
   with a UTF-8 byte-order mark and pandas reads it with its default options; the texts of articles.csv equal
   report.json's (line breaks, commas and quotes survive the quoting); facts.csv holds the rows of
   `govrules compare --table`.
2. `govrules kwic --format csv` read by pandas gives the hits of the JSON, and every span slices the text.
3. A report made in another folder, with relative input paths, read from yet another working directory with
   the notebooks' helpers (notebooks/govrules_nb.py): every text is found and every article span slices it;
   with --embed-texts the text comes from the bundle; a relative path (a report of an older govrules)
   resolves against report.json's folder.

Usage: python scripts/check_tables_and_paths.py   ($GOVRULES_BIN: the binary; default target/release/govrules)
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "notebooks"))
import govrules_nb as g  # noqa: E402

BIN = os.environ.get("GOVRULES_BIN", str(ROOT / "target" / "release" / "govrules"))


def run(args: list[str], cwd: Path = ROOT) -> bytes:
    done = subprocess.run([BIN, *args], cwd=cwd, capture_output=True)
    if done.returncode != 0:
        raise SystemExit(f"govrules {' '.join(args)} failed:\n{done.stderr.decode()}")
    return done.stdout


def read_csv(path: Path) -> pd.DataFrame:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), f"{path}: no UTF-8 byte-order mark"
    df = pd.read_csv(path, keep_default_na=False, dtype=str)
    assert not df.columns[0].startswith("\ufeff"), f"{path}: the byte-order mark leaked into a column name"
    return df


def check_tables(inputs: list[str], tmp: Path, name: str) -> None:
    out, tables = tmp / f"{name}-out", tmp / f"{name}-tables"
    run(["report", *inputs, "-o", str(out), "--tables", str(tables), "--quiet"])
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    frames = {p.name: read_csv(p) for p in sorted(tables.glob("*.csv"))}
    assert len(frames) == 9, sorted(frames)
    articles = frames["articles.csv"]
    expected = [a["text"] for d in report["documents"] for a in d["articles"]]
    assert list(articles["text"]) == expected, "articles.csv: the texts do not read back"
    assert any("\n" in t for t in expected), "no article with a line break: the quoting went untested"
    rows = json.loads(run(["compare", "--table", *inputs]))
    facts = frames["facts.csv"]
    assert len(facts) == len(rows), (len(facts), len(rows))
    for column in ("document", "label", "topic", "article_label", "sentence", "text"):
        got = list(facts[column])
        want = ["" if r.get(column) is None else str(r[column]) for r in rows]
        assert got == want, f"facts.csv: column {column} differs from compare --table"
    matrix = frames["similarity_matrix.csv"]
    if len(matrix):
        m = pd.read_csv(tables / "similarity_matrix.csv", index_col="unit").drop(columns=["doc", "label"])
        assert list(m.index) == list(m.columns), "the matrix's rows and columns are not labelled alike"
    print(f"tables ({name}): " + ", ".join(f"{n} {len(f)}×{len(f.columns)}" for n, f in frames.items()))


def check_kwic(tmp: Path) -> None:
    trad = "tests/fixtures/traditional"
    csv_path = tmp / "kwic.csv"
    run(["kwic", "--format", "csv", "-o", str(csv_path), "会议", trad])
    hits = json.loads(run(["kwic", "会议", trad]))["hits"]
    df = read_csv(csv_path)
    assert len(df) == len(hits) > 0
    texts = {
        d["id"]: d["text"]
        for d in json.loads(run(["segment", "--with-text", trad]))["documents"]
    }
    for (_, row), hit in zip(df.iterrows(), hits):
        assert (row["left"], row["keyword"], row["right"]) == (hit["left"], hit["keyword"], hit["right"])
        start, end = int(row["span_start"]), int(row["span_end"])
        assert texts[row["doc"]][start:end] == row["keyword"]
    print(f"kwic: {len(df)} hits of 会议 in traditional texts read back from CSV, every span slices its text")


def check_paths(tmp: Path) -> None:
    made = tmp / "made-here"
    (made / "corp").mkdir(parents=True)
    for f in ["quzhou-2022.txt", "jiamusi-qianjin-2021.txt"]:
        shutil.copy(ROOT / "corpus" / f, made / "corp" / f)
    run(["report", "corp", "-o", "out", "--quiet"], cwd=made)
    run(["report", "corp", "-o", "embedded", "--embed-texts", "--quiet"], cwd=made)
    elsewhere = tmp / "elsewhere"
    elsewhere.mkdir()
    os.chdir(elsewhere)
    for folder in ("out", "embedded"):
        report = g.load_report(made / folder / "report.json")
        for d in report["documents"]:
            text = g.source_text(report, d["id"])
            for a in d["articles"]:
                assert text[a["span"][0]:a["span"][1]] == a["text"], (folder, d["id"], a["label"])
        assert all(("text" in d) == (folder == "embedded") for d in report["documents"])
    # An older report: paths relative to where it ran. Moved with its texts, it resolves beside report.json.
    old = json.loads((made / "out" / "report.json").read_text(encoding="utf-8"))
    for d in old["documents"]:
        d["path"] = os.path.join("..", "corp", Path(d["path"]).name)
    (made / "out" / "old.json").write_text(json.dumps(old, ensure_ascii=False), encoding="utf-8")
    report = g.load_report(made / "out" / "old.json")
    for d in report["documents"]:
        assert g.source_path(report, d) == made / "out" / ".." / "corp" / Path(d["path"]).name
        text = g.source_text(report, d["id"])
        for a in d["articles"]:
            assert text[a["span"][0]:a["span"][1]] == a["text"], ("old", d["id"], a["label"])
    os.chdir(ROOT)
    print("paths: a report made in another folder finds its texts from a third one (absolute, embedded, relative)")


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="govrules-tables-") as t:
        tmp = Path(t)
        check_tables([], tmp, "seeds")
        check_tables(["tests/fixtures/traditional"], tmp, "traditional")
        check_kwic(tmp)
        check_paths(tmp)
    print("tables and paths: ok")


if __name__ == "__main__":
    main()
