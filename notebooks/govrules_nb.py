"""Helpers shared by the notebooks: find or build the govrules binary, run `govrules report` and
`govrules diff`, load report.json, turn its sections into pandas DataFrames, and set up matplotlib for
Chinese labels.

Every DataFrame keeps the evidence: the document id, the article number and the code-point span
`[start, end)` into the decoded text, so `text[start:end]` is the passage. Tables pivot on the document id
(`doc`), which is unique by construction, and show the label (unique within a report) only for display.
The classification of meetings (`role`) and signing rules (`categories`) comes with the facts, and its
order and names with the report (`meeting_roles`, `signing_categories`): the notebooks keep no copy of it.
"""

from __future__ import annotations

import json
import logging
import os
import re
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
    """report.json as a dict; its own location is kept under `_path` (to resolve relative input paths)."""
    report = json.loads(Path(path).read_text(encoding="utf-8"))
    report["_path"] = str(Path(path).resolve())
    print(f"{path}: schema {report['schema_version']}, {len(report['documents'])} documents")
    for note in report.get("notes", []):
        print("note:", note)
    return report


def run_diff(a: str, b: str) -> dict:
    """Runs `govrules diff A B` (paths relative to the repository) and returns its JSON."""
    cmd = binary() + ["diff", "--changes-only", a, b]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stderr}")
    return json.loads(done.stdout)


def labels(report: dict) -> dict[str, str]:
    """Document id → its display label, unique within the report (杭州市拱墅区, 衢州市 2022 …)."""
    return {d["id"]: d["label"] for d in report["documents"]}


def metadata(report: dict) -> pd.DataFrame:
    """The documents' metadata (quanteda's docvars), indexed by id: label, government, level, parent, date,
    year, doc_number, and the columns of a `--meta` file."""
    return pd.DataFrame(report["metadata"]).set_index("id")


def documents(report: dict) -> pd.DataFrame:
    """One row per document, indexed by id: its metadata, title and issuer, counts, warnings."""
    rows = [
        {
            "id": d["id"],
            "title": d.get("title"),
            "issuer": d.get("issuer"),
            "chapters": d["chapter_count"],
            "articles": d["article_count"],
            "characters": d["char_len"],
            "warnings": ", ".join(w["kind"] for w in d["warnings"]),
        }
        for d in report["documents"]
    ]
    return metadata(report).join(pd.DataFrame(rows).set_index("id"))


def facts(report: dict, kind: str) -> pd.DataFrame:
    """One row per fact of `kind` (`meetings`, `signing`, `cadences`, `deadlines`, `leave`), with `doc` (the
    document id, to group and pivot on) and `label` (to show)."""
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
    # `units` name the rows: one object per document ({"doc": id, "label": …, "span": …}).
    ids = [u.get("doc") or u.get("id") if isinstance(u, dict) else u for u in sim.get("units") or []]
    if len(ids) != len(matrix):
        raise ValueError(f"similarity: {len(ids)} units for a {len(matrix)}-row matrix")
    names = labels(report)
    shown = [names.get(i, i) for i in ids]  # labels are unique within a report
    return pd.DataFrame(matrix, index=shown, columns=shown)


def source_path(report: dict, doc: dict) -> Path:
    """The file a document was read from. report.json stores absolute paths; a relative one (a report of
    an older govrules) is taken relative to report.json's folder, else to the repository root."""
    path = Path(doc["path"])
    if path.is_absolute():
        return path
    here = Path(report["_path"]).parent / path if report.get("_path") else None
    if here is not None and here.exists():
        return here
    return ROOT / path


def source_text(report: dict, doc_id: str) -> str:
    """The decoded text of a document (what spans index into): the text report.json embeds
    (`govrules report --embed-texts`), else the file decoded: UTF-8 (BOM or not), UTF-16, else GB18030."""
    doc = next(d for d in report["documents"] if d["id"] == doc_id)
    if doc.get("text") is not None:
        return doc["text"]
    path = source_path(report, doc)
    if path.suffix.lower() in (".html", ".htm", ".docx"):
        raise ValueError(
            f"{path}: the spans index into the text govrules extracted from this file, not into the file; "
            "run `govrules report --embed-texts` to have report.json carry it"
        )
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "utf-16", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    return text.replace("\r\n", "\n").replace("\r", "\n")


# Families known to carry Chinese glyphs, most wanted first; any other installed family that has them
# is used too (fonts-noto-cjk registers as "Noto Sans CJK JP", which covers Chinese).
CJK_FAMILIES = [
    "Noto Sans CJK SC", "Source Han Sans SC", "Noto Sans CJK TC", "Noto Sans CJK JP", "Noto Sans CJK KR",
    "Source Han Sans CN", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "PingFang SC", "Microsoft YaHei",
    "SimHei", "Heiti SC", "Droid Sans Fallback",
]
# Characters a chart of these texts shows: a family must have them all.
CJK_SAMPLE = "政府会议规则常务签发衢州區"


def cjk_families() -> list[str]:
    """The installed font families that can draw Chinese, known good ones first.

    Decided by the glyphs, not the name: a family counts when its font file has every character of
    CJK_SAMPLE.
    """
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    found: dict[str, int] = {}
    for entry in font_manager.fontManager.ttflist:
        if entry.name in found:
            continue
        try:
            font = FT2Font(entry.fname)
            if all(font.get_char_index(ord(c)) for c in CJK_SAMPLE):
                found[entry.name] = 1
        except (OSError, RuntimeError, ValueError):
            continue
    rank = {name: i for i, name in enumerate(CJK_FAMILIES)}
    return sorted(found, key=lambda n: (rank.get(n, len(rank)), n))


def setup_matplotlib() -> str | None:
    """Prefers a font that draws Chinese when one is installed, and returns its family (None if none).

    A missing font only costs boxes for the glyphs, never an error. Matplotlib caches its font list on
    first use, so a font installed later (fonts-noto-cjk, fonts-wqy-microhei …) is looked for on disk and
    added when the cached list has none.
    """
    import matplotlib
    from matplotlib import font_manager

    logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)
    warnings.filterwarnings("ignore", message=r"Glyph .* missing from")
    warnings.filterwarnings("ignore", message=r"findfont")
    names = cjk_families()
    if not names:
        pattern = re.compile(r"cjk|wqy|sourcehan|droidsansfallback|simhei|msyh|pingfang|noto", re.IGNORECASE)
        for path in font_manager.findSystemFonts():
            if pattern.search(Path(path).name):
                try:
                    font_manager.fontManager.addfont(path)
                except (OSError, RuntimeError, ValueError):
                    pass
        names = cjk_families()
    matplotlib.rcParams["font.sans-serif"] = names + list(matplotlib.rcParams["font.sans-serif"])
    matplotlib.rcParams["axes.unicode_minus"] = False
    if not names:
        print("no CJK font installed: Chinese labels will show as boxes (install fonts-noto-cjk to fix)")
        return None
    return names[0]


def meeting_roles(report: dict, meetings: pd.DataFrame) -> dict[str, str]:
    """Role id → a column heading, in the report's order: the role's title and the names the texts use
    (`head` → `Head's meetings (区长碰头会 / 市长办公会议)`); meetings without a role under `other`."""
    roles = (report.get("facts") or {}).get("meeting_roles") or []
    names: dict[str, list[str]] = {}
    for role, name in zip(meetings["role"].fillna("other"), meetings["type"]):
        if isinstance(name, str) and name not in names.setdefault(role, []):
            names[role].append(name)
    titles = {r["id"]: r["title"] for r in roles}
    titles["other"] = "Other meetings"
    order = [r["id"] for r in roles] + ["other"]
    return {role: f"{titles.get(role, role)} ({' / '.join(names[role])})" for role in order if role in names}


def signing_categories(report: dict) -> dict[str, str]:
    """Signing category id → its name (`decisions` → `决定、命令、规章`), in the report's order."""
    categories = (report.get("facts") or {}).get("signing_categories") or []
    return {c["id"]: c["name"] for c in categories}


def cadence(row) -> str:
    """A meeting's cadence in words: `24×/yr (一般)`, `12–24×/yr`, `as needed`, `regularly, no rate`, `not stated`."""
    per_year, top = row.get("per_year"), row.get("per_year_max")
    if per_year is not None and per_year == per_year:  # not NaN
        rate = f"{per_year:g}×/yr" if top is None or top != top or top <= per_year else f"{per_year:g}–{top:g}×/yr"
        extra = [x for x in (row.get("qualifier"),) if isinstance(x, str) and x]
        if isinstance(row.get("exception"), str) and row["exception"]:
            extra.append("+ as needed")
        return rate + (f" ({', '.join(extra)})" if extra else "")
    return {"irregular": "as needed", "periodic": "regularly, no rate"}.get(row.get("cadence_kind"), "not stated")


def sentence_at(text: str, span: list[int] | None) -> str | None:
    """The sentence of `text` around the code-point `span` (from the previous to the next 。；!? or line break)."""
    if not isinstance(span, list) or len(span) != 2:
        return None
    ends = "。；;！？!?\n"
    start, end = span
    while start > 0 and text[start - 1] not in ends:
        start -= 1
    while end < len(text) and text[end - 1] not in ends:
        end += 1
    return text[start:end].strip()
