"""CI: renders one chart with Chinese labels the way the notebooks set up matplotlib, and checks that the
font matplotlib actually uses draws every Chinese character of it (no boxes). Prints SKIPPED when no
font on the machine can draw Chinese (the check then has nothing to prove).

    python scripts/check_cjk_chart.py OUT.png
"""
import sys
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "notebooks"))
import govrules_nb as g  # noqa: E402

out = Path(sys.argv[1] if len(sys.argv) > 1 else "target/notebooks/cjk-chart.png")
out.parent.mkdir(parents=True, exist_ok=True)
family = g.setup_matplotlib()
if not g.cjk_families():
    print("SKIPPED CJK chart check: no font on this machine draws Chinese")
    sys.exit(0)

import matplotlib  # noqa: E402

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib import font_manager  # noqa: E402
from matplotlib.ft2font import FT2Font  # noqa: E402

labels = ["杭州市拱墅区", "衢州市", "佳木斯市前進區"]
warnings.resetwarnings()
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    fig, ax = plt.subplots(figsize=(5, 3))
    ax.bar(labels, [24, 12, 26])
    ax.set_title("常务会议 每年召开次数")
    fig.savefig(out)
missing = [str(w.message) for w in caught if "missing from" in str(w.message)]
used = font_manager.findfont(font_manager.FontProperties(family=matplotlib.rcParams["font.family"]))
text = "".join(labels) + "常务会议每年召开次数"
font = FT2Font(used)
lacking = sorted({c for c in text if not font.get_char_index(ord(c))})
print(f"CJK chart: {out}, drawn with {Path(used).name} ({family})")
if missing or lacking:
    sys.exit(f"the chart's font {Path(used).name} cannot draw {''.join(lacking)} "
             f"({len(missing)} missing-glyph warnings)")
