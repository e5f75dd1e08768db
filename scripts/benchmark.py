"""Time and memory of each stage at scale, on synthetic events spread over Peru. Prints numbers.

Run: .venv/bin/python scripts/benchmark.py [N ...]   (default: 10000 100000 1000000)
"""

import resource
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from geo import settings  # noqa: E402
from geo.aggregate import EventFilter, filter_mask, region_counts  # noqa: E402
from geo.assign import assign_regions  # noqa: E402
from geo.events import read_events  # noqa: E402
from geo.mines import about_a_mine, attribute_mines, mine_counts  # noqa: E402


def synthetic_csv(n: int, path: Path) -> None:
    rng = np.random.default_rng(7)
    days = pd.Timestamp("2022-12-07") + pd.to_timedelta(rng.integers(0, 105, n), unit="D")
    pd.DataFrame({
        "event_id_cnty": [f"SYN{i}" for i in range(n)],
        "event_date": days.strftime("%Y-%m-%d"),
        "event_type": rng.choice(list(settings.EVENT_TYPE_COLORS)[:3], n),
        "sub_event_type": "Peaceful protest",
        "admin1": "", "admin2": "",
        "latitude": rng.uniform(-18.3, -0.1, n).round(4),
        "longitude": rng.uniform(-81.3, -68.7, n).round(4),
        "fatalities": rng.poisson(0.05, n),
    }).to_csv(path, index=False)


def timed(label: str, func):
    started = time.perf_counter()
    result = func()
    print(f"  {label:<34} {time.perf_counter() - started:8.2f} s")
    return result


def main(sizes: list[int]) -> None:
    for n in sizes:
        print(f"{n:,} events")
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "events.csv"
            synthetic_csv(n, path)
            table = timed("read + validate CSV", lambda: read_events(path))
        events = timed("assign department/province/district", lambda: assign_regions(table.events))
        timed("mine of each event (geodesic)", lambda: attribute_mines(events))
        timed("events about a mine (tags)", lambda: about_a_mine(events))
        flt = EventFilter(date(2023, 1, 1), date(2023, 1, 31), ("Protests", "Riots"))
        mask = timed("filter mask", lambda: filter_mask(events, flt))
        timed("district counts for the filter", lambda: region_counts(events, "district", mask))
        timed("mine counts, 25 km", lambda: mine_counts(events, 25, mask))
        unassigned = (events["district_code"] == settings.UNASSIGNED).mean()
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"  outside Peru (unassigned): {unassigned:.1%}; peak RSS so far: {peak:,.0f} MB")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [10_000, 100_000, 1_000_000])
