"""Executes every notebook in notebooks/ top to bottom with nbclient, writing the executed copies into an
output folder (never over the committed notebooks). Exits non-zero, naming the notebook and the cell, when a
cell fails.

    python scripts/run_notebooks.py [OUT_DIR]        # default: a fresh temp folder
"""

import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="govrules-notebooks-"))
    out.mkdir(parents=True, exist_ok=True)
    paths = sorted(NOTEBOOKS.glob("*.ipynb"))
    if not paths:
        print("no notebooks found in", NOTEBOOKS)
        return 1
    failed = []
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        client = NotebookClient(
            nb, timeout=900, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOKS)}}
        )
        start = time.monotonic()
        try:
            client.execute()
            status = "ok"
        except CellExecutionError as err:
            status = "FAILED"
            failed.append(path.name)
            print(f"{path.name}: a cell failed:\n{err}", file=sys.stderr)
        finally:
            nbformat.write(nb, out / path.name)
        print(f"notebook {path.name}: {status} in {time.monotonic() - start:.1f}s -> {out / path.name}")
    if failed:
        print("notebooks FAILED:", ", ".join(failed))
        return 1
    print(f"all {len(paths)} notebooks ran top to bottom")
    return 0


if __name__ == "__main__":
    sys.exit(main())
