"""How long reading and checking a large file full of bad rows takes. Prints a table.

    .venv/bin/python -m bench.ingest_bad_rows --rows 1000000

It writes a synthetic ACLED export (bench.bench) and spoils about a quarter of its rows: dates
that do not exist, negative or absurd deaths, swapped and foreign points, points removed (placed by
the gazetteer from the location), ragged rows and blank lines. Then it times, for the file as it is
and for a copy with one stray quote (which sends the whole file through the careful line-by-line
reader):

- read_s: the file split into rows (``geo.io.reader.read_table``);
- check_s: every value checked, problems listed, rows placed (``geo.place.locate.validate_events``);
- cli_s: ``python -m geo validate FILE --rejected OUT`` from the shell, imports included;

and prints the accounting (accepted + rejected = total). Timings are printed, never asserted.
"""

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from bench.bench import synthetic_acled
from geo.io.reader import read_table
from geo.place.locate import validate_events

ROOT = Path(__file__).resolve().parent.parent


def spoil(path: Path, seed: int = 11) -> dict[str, int]:
    """Spoil rows of an ACLED file in place; returns how many of each kind."""
    lines = path.read_text(encoding="utf-8").split("\n")
    header = lines[0].split(",")
    col = {name: i for i, name in enumerate(header)}
    rng = np.random.default_rng(seed)
    kinds = rng.choice(
        ["ok", "date", "negative", "absurd", "swapped", "abroad", "no_point", "ragged"],
        size=len(lines) - 1,
        p=[0.75, 0.06, 0.03, 0.02, 0.04, 0.03, 0.04, 0.03],
    )
    out = [lines[0]]
    import csv
    import io

    for line, kind in zip(lines[1:], kinds):
        if not line:
            out.append(line)
            continue
        cells = next(csv.reader([line]))
        if kind == "date":
            cells[col["event_date"]] = "31/02/2023"
        elif kind == "negative":
            cells[col["fatalities"]] = "-3"
        elif kind == "absurd":
            cells[col["fatalities"]] = "1e19"
        elif kind == "swapped":
            la, lo = col["latitude"], col["longitude"]
            cells[la], cells[lo] = cells[lo], cells[la]
        elif kind == "abroad":
            cells[col["latitude"]], cells[col["longitude"]] = "40.4168", "-3.7038"
        elif kind == "no_point":
            cells[col["latitude"]] = cells[col["longitude"]] = ""
        elif kind == "ragged":
            cells = cells[:10]
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="").writerow(cells)
        out.append(buffer.getvalue())
        if rng.random() < 0.001:
            out.append("")  # blank lines, counted in row numbers
    path.write_text("\n".join(out), encoding="utf-8")
    return {k: int((kinds == k).sum()) for k in np.unique(kinds)}


def measure(path: Path) -> dict:
    start = time.perf_counter()
    raw = read_table(path)
    read_s = time.perf_counter() - start
    start = time.perf_counter()
    table = validate_events(raw)
    check_s = time.perf_counter() - start
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "geo", "validate", str(path), "--rejected", str(path.with_suffix(".rejected.csv"))],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    cli_s = time.perf_counter() - start
    return {
        "kind": raw.kind,
        "read_s": read_s,
        "check_s": check_s,
        "cli_s": cli_s,
        "status": done.returncode,
        "total": table.total,
        "accepted": table.accepted,
        "rejected": table.rejected_count,
        "problems": len(table.problems),
        "placed": int((table.events["placed_at"] != "").sum()),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "acled_spoiled.csv"
        synthetic_acled(args.rows, path)
        spoiled = spoil(path)
        print("spoiled rows:", ", ".join(f"{k} {v:,}" for k, v in spoiled.items()))
        stray = Path(folder) / "acled_stray_quote.csv"
        text = path.read_text(encoding="utf-8").split("\n")
        text[5] = text[5] + ',"'  # one row with an opening quote never closed
        stray.write_text("\n".join(text), encoding="utf-8")
        print(
            f"{'file':<22}{'read_s':>8}{'check_s':>9}{'cli_s':>8}{'total':>11}{'accepted':>11}"
            f"{'rejected':>10}{'problems':>10}{'placed':>8}"
        )
        for label, file in (("spoiled", path), ("spoiled + stray quote", stray)):
            r = measure(file)
            print(
                f"{label:<22}{r['read_s']:>8.1f}{r['check_s']:>9.1f}{r['cli_s']:>8.1f}{r['total']:>11,}"
                f"{r['accepted']:>11,}{r['rejected']:>10,}{r['problems']:>10,}{r['placed']:>8,}"
            )
            assert r["accepted"] + r["rejected"] == r["total"]
    return 0


if __name__ == "__main__":
    sys.exit(main())
