"""CI: the Rust version the project states (Cargo.toml's rust-version and the README) is at least what
every dependency in Cargo.lock declares it needs. Reads `cargo metadata` on standard input."""
import json
import re
import sys

meta = json.load(sys.stdin)
packages = {p["id"]: p for p in meta["packages"]}
root = packages[meta["resolve"]["root"]]
stated = root["rust_version"]


def version(v):
    return tuple(int(x) for x in v.split("."))


needs = sorted(
    ((version(p["rust_version"]), p["name"], p["version"])
     for p in packages.values() if p.get("rust_version") and p["id"] != root["id"]),
    reverse=True,
)
need, name, at = needs[0]
readme = open("README.md", encoding="utf-8").read()
said = sorted(set(re.findall(r"Rust toolchain \(([0-9.]+) or newer", readme)))
print(f"rust-version {stated}; the most demanding dependency: {name} {at} needs "
      f"{'.'.join(map(str, need))}; the README says {', '.join(said)}")
if version(stated) < need:
    sys.exit(f"Cargo.toml says rust-version {stated}, but {name} {at} needs {'.'.join(map(str, need))}")
if said != [stated]:
    sys.exit(f"the README states {said}, Cargo.toml {stated}")
