"""The benchmark runs (at a small size): it writes every measure for each size, and the naive baseline."""

import json

from bench import bench


def test_benchmark_writes_every_measure(tmp_path):
    out = tmp_path / "bench.json"
    assert bench.main(["--sizes", "600", "--no-page", "--naive-max", "600", "--json", str(out)]) == 0
    result = json.loads(out.read_text())["600"]
    assert set(result) >= {
        "ingest_s",
        "reload_s",
        "filter_ms",
        "payload_bytes",
        "page_first_map_s",
        "page_redraw_s",
        "peak_rss_mb",
        "naive",
        "ratios",
    }
    assert result["events"] == 600 and result["payload_bytes"] > 10_000
    assert result["reload_s"] is not None
    assert result["unassigned"] < 60  # the generator puts its events inside Peru, not half outside
    assert result["naive"]["redraw_server_s"] > 0 and result["ratios"]["redraw_naive_over_ours"] > 0


def test_synthetic_events_are_acled_format_inside_peru(tmp_path):
    from geo.place.locate import read_events

    path = tmp_path / "acled.csv"
    bench.synthetic_acled(300, path)
    header = path.read_text().splitlines()[0].split(",")
    assert header == list(bench.ACLED_COLUMNS)
    table = read_events(path)
    assert len(table.events) == 300 and table.rejected_count == 0
    # Jitter around coastal towns puts a few points at sea: kept, and named as in no district.
    assert set(table.problems["reason"]) <= {"in no district"} and len(table.problems) < 30
    assert table.events["event_date"].dt.month.nunique() >= 6  # spread over months


def test_a_naive_run_that_takes_too_long_is_reported_not_waited_for(tmp_path):
    path = tmp_path / "acled.csv"
    bench.synthetic_acled(300, path)
    result = bench.naive_with_limit(path, 0.01)
    assert result["redraw_server_s"] is None and result["failed"] == "did not finish in 0.01 s"
