"""Measure the dashboard at real data sizes, beside a naive tutorial pipeline. Prints a table.

    .venv/bin/python -m bench.bench --sizes 10000,100000,1000000 --json OUT.json

For each size it writes a synthetic ACLED-format file of events inside Peru (clustered around the
194 provincial capitals, spread over seven months), then measures:

- ingest_s: read, validate, assign regions and mines (``geo.analysis.dataset.load_bundle``), cold;
- reload_s: the same file opened again, from the on-disk cache (``geo.io.cache``);
- filter_ms: one filter change (dates and types) turned into every table of the page (``make_view``);
- payload_bytes: the map the page sends for that filter (HTML of the folium map);
- redraw_server_s: filter change plus map built and rendered, server side;
- page_first_map_s, page_redraw_s, page_rerun_bytes, page_second_visit_s: the page served by
  ``streamlit run -- --events FILE`` and timed in headless Chromium: first map drawn from the page
  request on a cold server; a change of event types to the new events layer drawn, with the
  websocket bytes of the first change (median time of five changes: "Riots" taken out, put
  back, ...; the bytes are the first's, the only one to a state not seen before);
  the first map of a second visitor once the server has read the file (null when Chromium is
  absent or with --no-page);
- peak_rss_mb: this process's peak resident memory so far.

The naive baseline is what a tutorial does: pandas reads the CSV, geopandas.sjoin joins it to the
departments, and folium draws a choropleth and one CircleMarker per event with its popup; it runs at
the sizes up to --naive-max, in a child process given up after --naive-timeout seconds.

With --sessions N, N browser sessions then use one server (bundled events) at once for
--session-seconds, each changing the event types again and again; the redraw times' median and
95th percentile are printed. Timings are printed, never asserted.
"""

import argparse
import json
import os
import platform
import resource
import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from geo import settings
from geo.analysis.aggregate import EventFilter, period_label
from geo.analysis.dataset import load_bundle, make_view
from geo.io import cache
from geo.map.layers import LayerToggles, MapInput, build_map, map_html
from geo.place.boundaries import load_regions

ROOT = Path(__file__).resolve().parent.parent


ACLED_COLUMNS = (
    "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,"
    "assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,"
    "country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,"
    "notes,fatalities,tags,timestamp"
).split(",")
FIRST_DAY, DAYS = pd.Timestamp("2022-12-07"), 210
FILTER = EventFilter(date(2023, 1, 1), date(2023, 1, 31), ("Protests", "Riots"))
TYPES = ["Protests", "Riots", "Strategic developments"]
REDRAWS = 5  # filter changes timed on the page; the median is reported


def synthetic_acled(n: int, path: Path, seed: int = 7) -> None:
    """``n`` ACLED-format events around Peru's provincial capitals (Lima weighted most)."""
    rng = np.random.default_rng(seed)
    towns = pd.read_csv(settings.DERIVED_DIR / "places.csv", dtype=str)
    towns = towns[towns["kind"] == "capital"].reset_index(drop=True)
    weight = np.where(towns["name"].isin(["Lima", "Juliaca", "Cusco", "Arequipa", "Puno"]), 20.0, 1.0)
    pick = rng.choice(len(towns), n, p=weight / weight.sum())
    lat = towns["latitude"].astype(float).to_numpy()[pick] + rng.normal(0, 0.04, n)
    lon = towns["longitude"].astype(float).to_numpy()[pick] + rng.normal(0, 0.04, n)
    types = rng.choice(TYPES, n, p=[0.75, 0.2, 0.05])
    frame = pd.DataFrame({c: "" for c in ACLED_COLUMNS}, index=range(n))
    frame["event_id_cnty"] = [f"PER{i}" for i in range(n)]
    frame["event_date"] = (FIRST_DAY + pd.to_timedelta(rng.integers(0, DAYS, n), unit="D")).strftime("%Y-%m-%d")
    frame["year"], frame["time_precision"], frame["iso"], frame["country"] = "2023", "1", "604", "Peru"
    frame["event_type"] = types
    frame["sub_event_type"] = np.where(types == "Riots", "Violent demonstration", "Peaceful protest")
    frame["actor1"] = np.where(types == "Riots", "Rioters (Peru)", "Protesters (Peru)")
    frame["location"] = towns["name"].to_numpy()[pick]
    frame["latitude"], frame["longitude"] = lat.round(4), lon.round(4)
    frame["geo_precision"] = "1"
    frame["source"] = "La Republica"
    frame["notes"] = "On this day, protesters gathered in the main square; a `${note}` with <b>markup</b>."
    frame["fatalities"] = rng.poisson(0.02, n)
    frame["tags"] = "crowd size=no report"
    frame.to_csv(path, index=False)


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(func):
    started = time.perf_counter()
    result = func()
    return result, time.perf_counter() - started


def our_redraw(bundle) -> tuple[float, float, int]:
    """(filter change in ms, filter + map built and rendered in s, map bytes), medians of three."""
    views, maps, sizes = [], [], []
    for _ in range(3):
        view, seconds = timed(lambda: make_view(bundle, FILTER, "department", settings.DEFAULT_RADIUS_KM))
        views.append(seconds)

        def draw(view=view):
            m = build_map(
                MapInput(
                    level="department",
                    metric="events",
                    regions=load_regions("department", "map"),
                    counts=view.counts,
                    events=view.events,
                    mines=view.mines,
                    radius_km=settings.DEFAULT_RADIUS_KM,
                    emergency=view.emergency,
                    departments=load_regions("department", "map"),
                    roadblocks=view.roadblocks,
                    period=period_label(FILTER.start, FILTER.end),
                    toggles=LayerToggles(),
                )
            )
            return map_html(m)

        page, seconds = timed(draw)
        maps.append(seconds + views[-1])
        sizes.append(len(page.encode()))
    return float(np.median(views)) * 1000, float(np.median(maps)), int(np.median(sizes))


def naive_redraw(path: Path) -> tuple[float, float]:
    """(ingest s, filter change + map s) of the tutorial pipeline."""
    import folium
    import geopandas as gpd

    departments = gpd.read_file(settings.regions_file("department", "full"))

    def ingest():
        frame = pd.read_csv(path)
        points = gpd.GeoDataFrame(
            frame, geometry=gpd.points_from_xy(frame["longitude"], frame["latitude"]), crs=settings.CRS
        )
        return gpd.sjoin(points, departments[["ubigeo", "departamento", "geometry"]], predicate="within")

    joined, ingest_s = timed(ingest)

    def redraw():
        days = pd.to_datetime(joined["event_date"])
        kept = joined[(days >= "2023-01-01") & (days <= "2023-01-31") & joined["event_type"].isin(FILTER.event_types)]
        counts = kept.groupby("ubigeo").size().rename("events").reset_index()
        m = folium.Map(location=settings.PERU_CENTER, zoom_start=5, tiles=None)
        folium.Choropleth(
            departments,
            data=counts,
            columns=["ubigeo", "events"],
            key_on="feature.properties.ubigeo",
            fill_color="YlOrRd",
        ).add_to(m)
        for row in kept.itertuples():
            folium.CircleMarker(
                [row.latitude, row.longitude], radius=4, popup=f"{row.event_date} {row.location}: {row.notes}"
            ).add_to(m)
        return m.get_root().render()

    _, redraw_s = timed(redraw)
    return ingest_s, redraw_s


def page_times(path: Path) -> tuple[float | None, float | None, int | None, float | None]:
    """(first map drawn, date/type change to map redrawn, bytes the browser received for that
    change, first map for a second visitor) in seconds and bytes, in headless Chromium."""
    if not Path("/usr/bin/chromium").exists():
        return None, None, None, None
    from tests.browser.pages import browser_page, served_app

    os.environ["PERU_MAP_CACHE"] = tempfile.mkdtemp(prefix="peru-bench-page-")  # the page ingests cold
    with served_app(args=("--events", str(path)), timeout=600) as url, browser_page(1280, 800) as page:
        received = []
        page.on("websocket", lambda ws: ws.on("framereceived", lambda frame: received.append(len(frame))))
        started = time.monotonic()
        page.goto(url)
        _wait_frame(page, _DRAWN, 600)
        first = time.monotonic() - started
        changes = [redraw_once(page, "Riots", received, remove=i % 2 == 0) for i in range(REDRAWS)]
        # Bytes: the first change, to a state the browser has not seen. Later ones revisit states,
        # and Streamlit then sends references to the elements it already holds.
        redraw, size = float(np.median([c[0] for c in changes])), changes[0][1]
        second = page.context.browser.new_page(viewport={"width": 1280, "height": 800})
        started = time.monotonic()
        second.goto(url)  # a second person, once the server has read the file
        _wait_frame(second, _DRAWN, 600)
        return first, redraw, size, time.monotonic() - started


# The regions and the events layer are on the map, and the events are not those drawn before the
# change (the map's iframe stays; its layers are replaced in place).
_DRAWN = (
    "window.map && Object.values(window.map._layers).some(l => l.feature)"
    " && (document.querySelector('path.peru-event, path.peru-event-cell') !== null)"
    " && !(window.__old && window.__old.isConnected)"
)


def redraw_once(page, event_type: str, received: list[int], remove: bool = True) -> tuple[float, int]:
    """Seconds from taking ``event_type`` out of the sidebar's event types (its chip's cross) or
    putting it back (typed into the box) to the new events layer drawn, and the websocket bytes
    received meanwhile."""
    _wait_frame(page, _DRAWN, 600).evaluate(_MARK_OLD)
    page.get_by_test_id("stStatusWidget").wait_for(state="detached", timeout=600_000)
    before = sum(received)
    started = time.monotonic()
    sidebar = page.get_by_test_id("stSidebar")
    if remove:
        sidebar.get_by_text(event_type, exact=True).locator("..").locator("[role=button], svg").last.click()
    else:
        sidebar.get_by_test_id("stMultiSelect").first.locator("input").click()
        page.keyboard.type(event_type)
        page.keyboard.press("Enter")
        page.keyboard.press("Escape")
    _wait_frame(page, _DRAWN, 600)
    seconds = time.monotonic() - started
    page.get_by_test_id("stStatusWidget").wait_for(state="detached", timeout=600_000)  # the tables too
    return seconds, sum(received) - before


_MARK_OLD = "() => { window.__old = document.querySelector('path.peru-event, path.peru-event-cell'); }"


async def _drawn(page, timeout_s: float = 120) -> None:
    """The async twin of :func:`_wait_frame` with :data:`_DRAWN`."""
    import asyncio

    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        handle = await page.query_selector("iframe[title*='streamlit_folium']")
        frame = await handle.content_frame() if handle else None
        try:
            if frame and await frame.evaluate(f"() => Boolean({_DRAWN})"):
                return
        except Exception:  # the iframe was replaced while we looked
            pass
        await asyncio.sleep(0.1)
    raise TimeoutError(_DRAWN)


async def _session(browser, url: str, seconds: float, times: list[float], errors: list[str]) -> None:
    """One person: open the page, then for ``seconds`` take "Riots" out of the event types and put
    it back, each change timed from the click to the new events layer drawn."""
    context = await browser.new_context(viewport={"width": 1280, "height": 800})
    page = await context.new_page()
    page.on("pageerror", lambda error: errors.append(f"page error: {error}"))
    await page.goto(url)
    await _drawn(page, 300)
    sidebar = page.get_by_test_id("stSidebar")
    remove, deadline = True, time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            await (await _frame(page)).evaluate(_MARK_OLD)
            started = time.monotonic()
            if remove:
                await sidebar.get_by_text("Riots", exact=True).locator("..").locator("[role=button], svg").last.click()
            else:
                await sidebar.get_by_test_id("stMultiSelect").first.locator("input").click()
                await page.keyboard.type("Riots")
                await page.keyboard.press("Enter")
                await page.keyboard.press("Escape")
            await _drawn(page)
            times.append(time.monotonic() - started)
            await page.get_by_test_id("stStatusWidget").wait_for(state="detached", timeout=120_000)
            remove = not remove
        except Exception as error:  # a failed step is counted, the session goes on
            errors.append(f"{type(error).__name__}: {str(error)[:200]}")
    if await page.get_by_test_id("stException").count():
        errors.append("the page shows an exception")
    await context.close()


async def _frame(page):
    handle = await page.query_selector("iframe[title*='streamlit_folium']")
    return await handle.content_frame()


def concurrent_sessions(sessions: int, seconds: float) -> dict | None:
    """``sessions`` browser sessions on one server (bundled events) changing the filter for
    ``seconds``: redraws done, errors, and the redraw times' median and 95th percentile."""
    if not Path("/usr/bin/chromium").exists():
        return None
    import asyncio

    from playwright.async_api import async_playwright

    from tests.browser.pages import CHROMIUM, CHROMIUM_ARGS, served_app

    times, errors, browsers_cpu, machine_busy = [], [], [], []

    async def run(url: str) -> None:
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            started, machine = _cpu_seconds("chrom"), _machine_times()
            await asyncio.gather(*(_session(browser, url, seconds, times, errors) for _ in range(sessions)))
            browsers_cpu.append(_cpu_seconds("chrom") - started)  # before the browser's processes end
            busy, idle = (after - before for after, before in zip(_machine_times(), machine, strict=True))
            machine_busy.append(busy / (busy + idle))
            await browser.close()

    with served_app(timeout=120) as url:
        port = url.rsplit(":", 1)[1]
        server_before = _cpu_seconds(port)
        asyncio.run(run(url))
        server_cpu, browsers_cpu = _cpu_seconds(port) - server_before, browsers_cpu[0]
    return {
        "sessions": sessions,
        "seconds": seconds,
        "redraws": len(times),
        "errors": len(errors),
        "error_samples": errors[:5],
        # Server and browsers share this machine's cores: where the CPU went.
        "server_cpu_s": round(server_cpu, 1),
        "browsers_cpu_s": round(browsers_cpu, 1),
        "server_cpu_s_per_redraw": round(server_cpu / len(times), 3) if times else None,
        "machine_busy_pct": round(100 * machine_busy[0], 1),
        "redraw_median_s": round(float(np.median(times)), 2) if times else None,
        "redraw_p95_s": round(float(np.percentile(times, 95)), 2) if times else None,
    }


def _cpu_seconds(needle: str) -> float:
    """User + system CPU seconds used so far by the processes whose command line holds ``needle``
    (Linux /proc; 0 elsewhere). Processes that end meanwhile drop out of the sum."""
    total, tick = 0.0, os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if needle.encode() not in (stat.parent / "cmdline").read_bytes():
                continue
            fields = stat.read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
        except (OSError, ValueError, IndexError):
            continue
    return total


def _machine_times() -> tuple[float, float]:
    """(busy, idle) clock ticks of all CPUs since boot, from /proc/stat."""
    fields = [int(f) for f in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    return float(sum(fields) - idle), float(idle)


def _wait_frame(page, condition: str, timeout_s: float):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        handle = page.query_selector("iframe[title*='streamlit_folium']")
        frame = handle.content_frame() if handle else None
        try:
            if frame and frame.evaluate(f"() => Boolean({condition})"):
                return frame
        except Exception:  # the iframe was replaced while we looked
            pass
        time.sleep(0.1)
    raise TimeoutError(condition)


def measure(n: int, workdir: Path, naive_max: int, with_page: bool, naive_timeout: float = 600) -> dict:
    path = workdir / f"acled_{n}.csv"
    synthetic_acled(n, path)
    settings.CACHE_DIR = workdir / f"cache_{n}"  # cold: nothing cached from an earlier run
    bundle, ingest_s = timed(lambda: load_bundle(path))
    cache.wait_for_writes()  # as a later session finds it: the entry is written in the background
    _, reload_s = timed(lambda: load_bundle(path))  # the same file again: from the on-disk cache
    filter_ms, redraw_server_s, payload = our_redraw(bundle)
    result = {
        "events": n,
        "ingest_s": round(ingest_s, 2),
        "reload_s": round(reload_s, 2),
        "filter_ms": round(filter_ms, 1),
        "payload_bytes": payload,
        "redraw_server_s": round(redraw_server_s, 3),
        "page_first_map_s": None,
        "page_redraw_s": None,
        "page_rerun_bytes": None,
        "page_second_visit_s": None,
        "unassigned": int((bundle.events["department_code"] == settings.UNASSIGNED).sum()),
    }
    if with_page:
        first, redraw, size, second = page_times(path)
        result["page_first_map_s"] = None if first is None else round(first, 2)
        result["page_redraw_s"] = None if redraw is None else round(redraw, 2)
        result["page_rerun_bytes"] = size
        result["page_second_visit_s"] = None if second is None else round(second, 2)
    result["peak_rss_mb"] = round(rss_mb())
    result["naive"], result["ratios"] = None, None
    if n <= naive_max:
        naive = naive_with_limit(path, naive_timeout)
        result["naive"] = naive
        if naive.get("redraw_server_s") is not None:
            result["ratios"] = {
                "redraw_naive_over_ours": round(naive["redraw_server_s"] / redraw_server_s, 1),
                "ingest_naive_over_ours": round(naive["ingest_s"] / ingest_s, 2),
            }
    return result


def _naive_child(path: Path, queue) -> None:
    ingest_s, redraw_s = naive_redraw(path)
    queue.put({"ingest_s": round(ingest_s, 2), "redraw_server_s": round(redraw_s, 3)})


def naive_with_limit(path: Path, timeout_s: float) -> dict:
    """The naive pipeline in a child process, given up after ``timeout_s``: at a million events
    it draws ~140,000 folium markers, which it may not finish."""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=_naive_child, args=(path, queue))
    started = time.monotonic()
    child.start()
    child.join(timeout_s)
    if child.is_alive():
        child.kill()
        child.join()
        return {"ingest_s": None, "redraw_server_s": None, "failed": f"did not finish in {timeout_s:g} s"}
    if child.exitcode != 0:
        return {
            "ingest_s": None,
            "redraw_server_s": None,
            "failed": f"exited with code {child.exitcode} after {time.monotonic() - started:.0f} s",
        }
    return queue.get()


def _naive_cell(naive: dict | None) -> str:
    if naive is None:
        return "not run"
    return str(naive["redraw_server_s"]) if naive.get("redraw_server_s") is not None else naive["failed"]


def table(results: dict) -> str:
    head = (
        "| events | ingest s | reload s | filter ms | map bytes | redraw (server) s | first map s "
        "| redraw (page) s | peak RSS MB | naive redraw s | naive ÷ ours |"
    )
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for n, r in results.items():
        naive = r["naive"]
        lines.append(
            f"| {int(n):,} | {r['ingest_s']} | {r['reload_s']} | {r['filter_ms']} | {r['payload_bytes']:,} "
            f"| {r['redraw_server_s']} | {r['page_first_map_s']} | {r['page_redraw_s']} | {r['peak_rss_mb']} "
            f"| {_naive_cell(naive)} "
            f"| {str(r['ratios']['redraw_naive_over_ours']) + '×' if r['ratios'] else '—'} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--json", dest="json_path", metavar="OUT.json")
    parser.add_argument("--naive-max", type=int, default=100_000, help="largest size the naive pipeline runs at")
    parser.add_argument("--naive-timeout", type=float, default=600, help="seconds the naive pipeline may take")
    parser.add_argument("--no-page", action="store_true", help="skip the Chromium timings")
    parser.add_argument(
        "--sessions", type=int, default=0, help="also run this many browser sessions at once on the bundled events"
    )
    parser.add_argument("--session-seconds", type=float, default=60.0)
    parser.add_argument("--sessions-json", metavar="OUT.json", help="where to write the sessions' result")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]  # "" for the sessions alone
    workdir = Path(tempfile.mkdtemp(prefix="peru-bench-"))
    results = {}
    try:
        for n in sizes:
            results[str(n)] = measure(n, workdir, args.naive_max, not args.no_page, args.naive_timeout)
            print(f"{n:,}: {json.dumps(results[str(n)])}", flush=True)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print(table(results))
    print(
        f"machine: {platform.machine()}, {platform.python_implementation()} {platform.python_version()}, "
        f"{os.cpu_count()} CPUs"
    )
    if args.json_path:
        Path(args.json_path).write_text(json.dumps(results, indent=2))
    if args.sessions:
        together = concurrent_sessions(args.sessions, args.session_seconds)
        print(f"{args.sessions} sessions at once for {args.session_seconds:g} s: {json.dumps(together)}")
        if args.sessions_json:
            Path(args.sessions_json).write_text(json.dumps(together, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
