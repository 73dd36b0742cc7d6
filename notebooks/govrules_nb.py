"""Helpers shared by the notebooks: find or build the govrules binary, run `govrules report`, load
report.json, turn its sections into pandas DataFrames, and set up matplotlib for Chinese labels.

Every DataFrame keeps the evidence: the document id, the article number and the code-point span
`[start, end)` into the decoded text, so `text[start:end]` is the passage.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import tempfile
import warnings
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent


def binary() -> list[str]:
    """The command that runs govrules: $GOVRULES_BIN, else target/release/govrules, else `cargo run --release`."""
    if os.environ.get("GOVRULES_BIN"):
        return [os.environ["GOVRULES_BIN"]]
    built = ROOT / "target" / "release" / "govrules"
    if built.exists():
        return [str(built)]
    return ["cargo", "run", "--quiet", "--release", "--manifest-path", str(ROOT / "Cargo.toml"), "--"]


def run_report(paths: list[str] | None = None, out_dir: str | Path | None = None) -> dict:
    """Runs `govrules report` (the bundled corpus when no paths are given) and returns report.json.

    $GOVRULES_REPORT (a report.json already written) skips the run.
    """
    if os.environ.get("GOVRULES_REPORT"):
        return load_report(os.environ["GOVRULES_REPORT"])
    out_dir = Path(out_dir or tempfile.mkdtemp(prefix="govrules-report-"))
    cmd = binary() + ["report", *(paths or []), "-o", str(out_dir)]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if done.returncode not in (0, 1) or not (out_dir / "report.json").exists():
        raise RuntimeError(f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stderr}")
    if done.returncode == 1:
        print("some inputs failed:\n" + done.stderr)
    return load_report(out_dir / "report.json")


def load_report(path: str | Path) -> dict:
    report = json.loads(Path(path).read_text(encoding="utf-8"))
    print(f"{path}: schema {report['schema_version']}, {len(report['documents'])} documents")
    for note in report.get("notes", []):
        print("note:", note)
    return report


def labels(report: dict) -> dict[str, str]:
    """Document id → short display name (杭州市拱墅区 …)."""
    return {d["id"]: d["label"] for d in report["documents"]}


def documents(report: dict) -> pd.DataFrame:
    """One row per document: metadata, counts, warnings."""
    rows = [
        {
            "id": d["id"],
            "label": d["label"],
            "title": d.get("title"),
            "issuer": d.get("issuer"),
            "date": d.get("date"),
            "doc_number": d.get("doc_number"),
            "chapters": d["chapter_count"],
            "articles": d["article_count"],
            "characters": d["char_len"],
            "warnings": ", ".join(w["kind"] for w in d["warnings"]),
        }
        for d in report["documents"]
    ]
    return pd.DataFrame(rows).set_index("id")


def facts(report: dict, kind: str) -> pd.DataFrame:
    """One row per fact of `kind` (`meetings`, `signing`, `cadences`, `deadlines`, `leave`), with `doc` and `label`."""
    names = labels(report)
    rows = []
    for d in (report.get("facts") or {}).get("documents", []):
        for f in d.get(kind, []):
            rows.append({"doc": d["id"], "label": names.get(d["id"], d["id"]), **f})
    return pd.DataFrame(rows)


def similarity_matrix(report: dict) -> pd.DataFrame | None:
    """The document similarity matrix labelled with display names, or None when it was not computed."""
    sim = report.get("similarity") or {}
    matrix = sim.get("matrix")
    if not matrix:
        return None
    ids = [x["id"] if isinstance(x, dict) else x for x in (sim.get("labels") or sim.get("documents") or [])]
    names = labels(report)
    shown = [names.get(i, i) for i in ids]
    return pd.DataFrame(matrix, index=shown, columns=shown)


def source_text(report: dict, doc_id: str) -> str:
    """The decoded text of a document (what spans index into): UTF-8 (BOM or not), else GB18030."""
    doc = next(d for d in report["documents"] if d["id"] == doc_id)
    path = Path(doc["path"])
    if not path.is_absolute():
        path = ROOT / path
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "utf-16", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    return text.replace("\r\n", "\n").replace("\r", "\n")


def setup_matplotlib() -> None:
    """Prefers a CJK font when one is installed; a missing font only costs boxes for the glyphs, never an error."""
    import matplotlib
    from matplotlib import font_manager

    logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)
    warnings.filterwarnings("ignore", message=r"Glyph .* missing from")
    warnings.filterwarnings("ignore", message=r"findfont")
    cjk = [
        "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei",
        "PingFang SC", "Microsoft YaHei", "SimHei", "Heiti SC",
    ]
    installed = {f.name for f in font_manager.fontManager.ttflist}
    found = [f for f in cjk if f in installed]
    matplotlib.rcParams["font.sans-serif"] = found + list(matplotlib.rcParams["font.sans-serif"])
    matplotlib.rcParams["axes.unicode_minus"] = False
    if not found:
        print("no CJK font installed: Chinese labels will show as boxes (install fonts-noto-cjk to fix)")

