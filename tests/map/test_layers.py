"""Map layers (geo.map.layers) and offline assets (geo.map.offline), checked on the rendered HTML."""

import csv
import json
import re
from datetime import date

import folium
import pandas as pd
import pytest

from geo import settings
from geo.analysis.aggregate import EventFilter, period_label
from geo.analysis.dataset import make_view
from geo.analysis.mines import attribute_mines
from geo.analysis.points import marker_px
from geo.errors import ArgumentError, OfflineAssetError
from geo.map.layers import (
    EventLayer,
    LayerToggles,
    Legend,
    MapInput,
    MineLayer,
    RegionLayer,
    RoadblockLayer,
    build_layers,
    build_map,
    feature_code,
    map_html,
    map_input,
    roadblock_popup_html,
)
from geo.map.offline import LOCAL_ASSETS, asset_links, localize_assets, static_url, walk
from geo.place.assign import assign_regions
from geo.place.boundaries import load_regions

EXTERNAL = re.compile(r'<(?:script|link)[^>]+(?:src|href)="(https?:)?//', re.I)


def _map(bundle, level="department", metric="events", event_filter=EventFilter(), **toggles):
    view = make_view(bundle, event_filter, level, 25)
    data = MapInput(
        level=level,
        metric=metric,
        regions=load_regions(level, "map"),
        counts=view.counts,
        events=view.events,
        mines=view.mines,
        radius_km=25,
        emergency=view.emergency,
        departments=load_regions("department", "map"),
        roadblocks=view.roadblocks,
        period=period_label(event_filter.start, event_filter.end),
        toggles=LayerToggles(**toggles),
    )
    return build_map(data), view


def test_map_has_regions_legend_mines_and_events(bundle):
    m, view = _map(bundle)
    html = map_html(m)
    # The choropleth's own regions (the emergency outlines would add 25 features of their own).
    choropleth = next(e for e in walk(m) if isinstance(e, RegionLayer) and e.payload["style"] == "choropleth")
    assert len(choropleth.payload["values"]) == len(choropleth.payload["shapes"]["features"]) == 25
    legend = next(e for e in walk(m) if isinstance(e, Legend)).html
    assert "Events by department" in legend and "26–44" in legend  # title and top class
    assert legend.index("26–44") > legend.index("1–3")
    mines = next(e for e in walk(m) if isinstance(e, MineLayer)).payload["rows"]
    labels = [row[3] for row in mines]  # located mines only
    assert sum(label.endswith("(mine)") for label in labels) == 21
    assert sum(label.endswith("(project)") for label in labels) == 4
    drawn = ((view.events["geo_precision"] < 3) & view.events["latitude"].notna()).sum()
    layer = next(e for e in walk(m) if isinstance(e, EventLayer))
    rows = layer.payload["rows"]
    assert layer.payload["mode"] == "events" and len(rows) == drawn == 188
    assert not any(isinstance(e, (folium.Marker, folium.CircleMarker)) for e in walk(m))  # no folium object per item
    assert "38 events without a precise position" in html
    # One scale bar, in kilometres only.
    assert html.count("L.control.scale(") == 1 and "L.control.scale({imperial: false})" in html
    # 16 events placed only somewhere in their district are drawn hollow and say so.
    hollow = [i for i, r in enumerate(rows) if r[4] == 2]
    assert len(hollow) == 16
    assert all("somewhere in district" in layer.payload["labels"][i] for i in hollow)
    assert "somewhere in district La Joya" in html
    assert "somewhere in the district" in legend and "INEI census limits" in legend


def test_colocated_events_are_one_place_listing_all_deadliest_first(bundle):
    m, _ = _map(bundle)
    payload = next(e for e in walk(m) if isinstance(e, EventLayer)).payload
    rows, groups = payload["rows"], payload["groups"]
    members = [i for g in groups for i in g]
    assert len(members) == len(set(members))  # each event in one place at most
    singles = len(rows) - len(members)
    coordinates = [(r[0], r[1]) for r in rows]
    assert len(set(coordinates)) == singles + len(groups)  # one marker per distinct position
    for g in groups:
        assert len(g) > 1 and len({coordinates[i] for i in g}) == 1
        deaths = [rows[i][3] for i in g]
        assert deaths == sorted(deaths, reverse=True)
    juliaca = next(g for g in groups if "Juliaca (airport area)" in payload["labels"][g[0]])
    assert len(juliaca) == 13 and rows[juliaca[0]][3] == 18
    assert payload["labels"][juliaca[0]].startswith("Jan 9, 2023")
    assert all("Source:" in payload["popups"][i] for i in juliaca)


def test_no_asset_leaves_the_machine(bundle):
    m, _ = _map(bundle, roadblocks=True)
    html = map_html(m)
    assert not EXTERNAL.search(html)
    links = asset_links(m)
    assert links and all(link.startswith(settings.STATIC_URL + "/vendor/") for link in links)
    for link in links:
        assert (settings.STATIC_DIR / link[len(settings.STATIC_URL) + 1 :]).is_file(), link


def test_every_local_copy_exists():
    for path in LOCAL_ASSETS.values():
        assert (settings.STATIC_DIR / path).stat().st_size > 500, path


def _synthetic(bundle, n):
    """``n`` copies of the bundled drawable events, jittered, as a filtered-events frame."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(3)
    base = bundle.events[bundle.events["geo_precision"] < 3]
    many = pd.concat([base] * (n // len(base) + 1)).head(n).reset_index(drop=True)
    many["latitude"] = many["latitude"] + rng.normal(0, 0.3, n)
    many["longitude"] = many["longitude"] + rng.normal(0, 0.3, n)
    return many


def test_many_events_are_grouped_in_cells_and_the_payload_stays_bounded(bundle):
    from geo.analysis.points import event_payload

    sizes = {}
    for n in (2_000, 20_000, 200_000):
        payload = event_payload(_synthetic(bundle, n), lambda e: "x")
        sizes[n] = len(json.dumps(payload.data))
        assert payload.drawn_events == n
        if n > settings.MAX_POINTS:
            assert payload.mode == "cells" and payload.rows <= settings.MAX_CELLS
            assert sum(r[2] for r in payload.data["rows"]) == n  # every event in one cell
        else:
            assert payload.mode == "events" and payload.rows == n
    assert sizes[200_000] < 200_000 and sizes[200_000] < 2 * sizes[20_000]


def test_legend_says_why_events_above_the_point_limit_are_in_cells(bundle):
    """Events beyond the point limit are drawn in cells and the legend says so: they are never
    called events "without a precise position" (it once said 176 where 39 lacked one)."""
    import pandas as pd

    from geo.analysis.points import event_payload
    from geo.map.layers import legend_html

    events = _synthetic(bundle, 5_000)
    payload = event_payload(events, lambda e: "x")
    data = MapInput(
        level="department",
        metric="events",
        regions=load_regions("department", "map"),
        counts=pd.DataFrame(),
        events=events,
        mines=pd.DataFrame(),
        radius_km=25,
        emergency=pd.DataFrame(),
        departments=load_regions("department", "map"),
        toggles=LayerToggles(mines=False, emergency=False),
    )
    legend = legend_html(data, None, payload)
    assert "5,000 events, too many to draw one by one, grouped in" in legend
    assert "without a precise position" not in legend


def test_cells_keep_every_event_and_death(bundle):
    from geo.analysis.points import event_payload

    events = _synthetic(bundle, 10_000)
    payload = event_payload(events, lambda e: "")
    assert payload.mode == "cells"
    rows = payload.data["rows"]
    assert sum(r[2] for r in rows) == 10_000 and sum(r[3] for r in rows) == events["fatalities"].sum()
    legend = legend_html_for(bundle, events)
    assert "grouped in" in legend and "cells of" in legend


def legend_html_for(bundle, events):
    from geo.analysis.points import event_payload
    from geo.map.layers import legend_html

    view = make_view(bundle, EventFilter(), "department", 25)
    data = MapInput(
        level="department",
        metric="events",
        regions=load_regions("department", "map"),
        counts=view.counts,
        events=events,
        mines=view.mines,
        radius_km=25,
        emergency=view.emergency,
        departments=load_regions("department", "map"),
    )
    return legend_html(data, None, event_payload(events, lambda e: ""))


def test_popups_drop_notes_above_the_detail_limit(bundle, monkeypatch):
    monkeypatch.setattr(settings, "MAX_DETAILED_POINTS", 10)
    m, _ = _map(bundle)
    layer = next(e for e in walk(m) if isinstance(e, EventLayer))
    assert layer.payload["detailed"] is False and layer.payload["popups"] is None
    assert "Notes and source: in the events table below." in map_html(m)  # the popup built in the browser


def test_event_text_reaches_the_page_as_data(bundle, events_from):
    from geo.analysis.points import event_payload
    from geo.map.layers import event_popup_html

    events = assign_regions(
        events_from(
            [
                {
                    "latitude": -15.5,
                    "longitude": -70.13,
                    "location": "</script>`${x}`",
                    "notes": "<img src=x onerror=alert(1)>",
                }
            ]
        )
    )
    events = events.join(attribute_mines(events))
    layer = EventLayer(event_payload(events, event_popup_html).data)
    m = folium.Map(tiles=None)
    layer.add_to(m)
    html = map_html(m)
    script = html[html.index("L.featureGroup();") :]
    payload = script[script.index("})(feature_group") : script.index(".addTo(")]
    # Inside the script the payload is one JSON value: no raw "<" can close the script or open a
    # tag; a backtick or "${" inside a JSON string is inert (no template literal is involved).
    assert "<" not in payload and "<img" not in script
    assert "\\u003c/script\\u003e" in script  # the label, JSON-escaped, set as text in the browser
    assert "\\u0026lt;img src=x onerror=alert(1)\\u0026gt;" in script  # the note, HTML-escaped


def test_template_syntax_in_event_text_is_never_run(events_from):
    """Every layer's script goes on the page as rendered text: branca would parse it again as a
    Jinja template, and a note holding "{{ 7*7 }}" became "49" (any Python could have run)."""
    from geo.analysis.points import event_payload
    from geo.map.layers import event_popup_html

    text = "{{ range(3)|list }} {% if true %}twice{% endif %} {# gone #}"
    events = assign_regions(events_from([{"latitude": -15.5, "longitude": -70.13, "location": text, "notes": text}]))
    events = events.join(attribute_mines(events))
    m = folium.Map(tiles=None)
    EventLayer(event_payload(events, event_popup_html).data).add_to(m)
    Legend(text).add_to(m)
    html = map_html(m)
    rest = html.replace(text, "")
    assert html.count(text) >= 2 and "[0, 1, 2]" not in rest and "twice" not in rest


def test_unknown_asset_is_refused():
    m = folium.Map(tiles=None)
    m.default_js = [*m.default_js, ("x", "https://example.invalid/x.js")]
    with pytest.raises(OfflineAssetError, match=r"example\.invalid"):
        localize_assets(m)


def test_rate_metric_only_at_department_level(bundle):
    m, _ = _map(bundle, metric="events_per_100k")
    assert "Events per 100,000 inhabitants by department" in map_html(m)
    with pytest.raises(ArgumentError, match="department level"):
        _map(bundle, level="province", metric="events_per_100k")


def test_emergency_layer_follows_dates(bundle):
    m, view = _map(bundle, event_filter=EventFilter(date(2023, 3, 1), date(2023, 3, 21)))
    assert sorted(view.emergency["name"]) == [
        "Apurímac",
        "Arequipa",
        "Cusco",
        "Madre de Dios",
        "Moquegua",
        "Puno",
        "Tacna",
    ]
    assert "State of emergency / curfew" in map_html(m)


def test_basemap_only_when_asked(bundle):
    assert "tile.openstreetmap.org" not in map_html(_map(bundle)[0])
    assert "tile.openstreetmap.org" in map_html(_map(bundle, basemap=True)[0])


def test_marker_size_grows_with_fatalities():
    assert marker_px(0) == settings.MARKER_MIN_PX
    assert marker_px(0) < marker_px(1) < marker_px(10) <= marker_px(1000) == settings.MARKER_MAX_PX


def test_feature_code_reads_a_click():
    assert feature_code({"properties": {"code": "21", "name": "Puno"}}) == "21"
    assert feature_code(None) is None and feature_code({"properties": {}}) is None


def test_fatality_tooltips_and_popups_give_deaths_by_kind(bundle):
    m, _ = _map(bundle, metric="fatalities")
    html = map_html(m)
    # Puno's tooltip
    assert "29 (21 civilians killed in protests, 1 police officer, 1 death linked to roadblocks, 6 soldiers)" in html
    m, _ = _map(bundle, metric="clashes")
    legend = next(e for e in walk(m) if isinstance(e, Legend)).html
    assert "Civilians killed in the protests by department" in legend
    layer = next(e for e in walk(m) if isinstance(e, RegionLayer) and e.payload["style"] == "choropleth")
    values = layer.payload["values"]  # code -> [fill, the metric's label, ...]
    assert values["21"][1] == "21" and values["13"][1] == "2"  # Puno, La Libertad


def test_mine_popup_separates_rows_about_it_from_the_radius(bundle):
    mines = next(e for e in walk(_map(bundle)[0]) if isinstance(e, MineLayer)).payload["rows"]
    html = "\n".join(row[4] for row in mines)
    assert "About this mine (rows naming it): <b>4</b> events" in html  # Antapaccay
    assert "About this mine (rows naming it): <b>1</b> event, <b>0</b> fatalities" in html  # Cerro Verde
    assert "Within 25 km (any subject): <b>11</b> events, <b>2</b> fatalities (2 civilians killed in protests)" in html


def test_popup_text_cannot_break_out_of_the_template_literal(events_from):
    from geo.map.layers import event_popup_html

    event = events_from(
        [
            {
                "location": "x`);alert(1)//",
                "notes": "${alert(2)} \\` end",
                "fatalities": 6,
                "fatality_kind": "soldiers",
                "source": "https://example.org/`${x}`",
            }
        ]
    )
    html = event_popup_html(next(event.itertuples(index=False)))
    assert "`" not in html and "${" not in html and "\\" not in html
    assert "x&#96;);alert(1)//" in html and "&#36;{alert(2)}" in html
    assert "Fatalities: <b>6</b> (soldiers)" in html


def test_popups_escape_text_and_link_the_source(events_from):
    from geo.map.layers import event_popup_html

    event = events_from(
        [
            {
                "location": "Plaza <b>",
                "admin1": "Puno",
                "notes": "a & b",
                "fatalities": 2,
                "source": "https://example.org/x?a=1&b=2",
            }
        ]
    )
    html = event_popup_html(next(event.itertuples(index=False)))
    assert html.startswith("<b>Jan 9, 2023</b> — Plaza &lt;b&gt;, Puno")
    assert "Fatalities: <b>2</b>" in html and "a &amp; b" in html
    assert '<a href="https://example.org/x?a=1&amp;b=2" target="_blank"' in html


def test_roadblock_layer_marks_departments_with_reports(bundle):
    m, _ = _map(bundle, roadblocks=True)
    group = next(e for e in walk(m) if isinstance(e, RoadblockLayer))
    markers = group.payload["rows"]
    with open(settings.REFERENCE_DIR / "events_facts.csv", encoding="utf-8") as f:
        named = {
            r["department"]
            for r in csv.DictReader(f)
            if "count" in r["tags"].split(";") and r["department"] != "(national)"
        }
    assert len(markers) == len(named) == 14
    # Every report in a popup has its source, as a link.
    assert all(popup.count('Source: <a href="https://') == popup.count("<b>") for *_, popup in markers)
    legend = next(e for e in walk(m) if isinstance(e, Legend)).html
    assert "aggregate roadblock reports in the department" in legend


def test_folium_icon_is_refused_not_dropped():
    """folium.Icon needs the Bootstrap/awesome-markers files left out: refuse, don't draw nothing."""
    m = folium.Map(tiles=None)
    folium.Marker([-12, -77], icon=folium.Icon(color="red")).add_to(m)
    with pytest.raises(OfflineAssetError, match=r"folium\.Icon"):
        localize_assets(m)


def test_assets_and_shapes_follow_the_base_url(bundle):
    """Behind a proxy (server.baseUrlPath) every link the map makes carries the prefix."""
    view = make_view(bundle, EventFilter(), "department", 25)
    base = static_url("/peru/maps/")
    assert base == "/peru/maps/app/static" and static_url("") == settings.STATIC_URL
    parts = build_layers(map_input(view, "department", "events", 25, "all", static_url=base))
    links = [link for element in (parts.frame, *parts.layers) for link in asset_links(element)]
    assert links and all(link.startswith(base + "/vendor/") for link in links)
    choropleth = next(e for group in parts.layers for e in walk(group) if isinstance(e, RegionLayer))
    assert choropleth.payload["shapes"] == base + "/regions/department.geojson"


@pytest.mark.parametrize(
    "lang, expected",
    [
        ("es", ["1 evento sin posición precisa no se dibuja", "2 eventos sin posición precisa no se dibujan"]),
        (
            "en",
            ["1 event without a precise position is not drawn", "2 events without a precise position are not drawn"],
        ),
    ],
)
def test_legend_counts_the_events_it_cannot_draw_in_the_right_number(bundle, lang, expected):
    """One event without a precise position is "1 evento … no se dibuja", two are plural."""
    import pandas as pd

    from geo.analysis.points import event_payload
    from geo.map.layers import legend_html

    events = bundle.events
    precise = events[(events["geo_precision"] < 3) & events["latitude"].notna()].head(3)
    imprecise = events[events["geo_precision"] >= 3].head(2)
    for hidden, words in zip((1, 2), expected):
        shown = pd.concat([precise, imprecise.head(hidden)])
        data = MapInput(
            level="department",
            metric="events",
            regions=load_regions("department", "map"),
            counts=pd.DataFrame(),
            events=shown,
            mines=pd.DataFrame(),
            radius_km=25,
            emergency=pd.DataFrame(),
            departments=load_regions("department", "map"),
            toggles=LayerToggles(mines=False, emergency=False),
            lang=lang,
        )
        assert words in legend_html(data, None, event_payload(shown, lambda e: "x"))


def test_a_popup_without_a_source_says_none_was_given(events_from):
    """A row without a source reads "Fuente: no indicado", never an empty "Fuente:"."""
    from geo.map.layers import event_popup_html

    events = assign_regions(
        events_from(
            [
                {"latitude": -15.5, "longitude": -70.13, "source": ""},
                {"latitude": -15.5, "longitude": -70.13, "source": "https://a.pe/x"},
            ]
        )
    )
    events = events.join(attribute_mines(events))
    rows = list(events.itertuples())
    assert event_popup_html(rows[0], "es").endswith("Fuente: <i>no indicado</i>")
    assert event_popup_html(rows[1], "es").endswith(
        'Fuente: <a href="https://a.pe/x" target="_blank" rel="noopener">https://a.pe/x</a>'
    )


def test_a_roadblock_popup_escapes_its_text_and_links_only_web_sources():
    reports = pd.DataFrame(
        {
            "event_date": pd.to_datetime(["2023-01-09", "2023-01-10"]),
            "notes": ["`${alert(1)}` <img src=x onerror=alert(2)>", "a & b"],
            "source": ["https://example.org/r?a=1&b=2", "javascript:alert(3)"],
        }
    )
    html = roadblock_popup_html(reports)
    assert "<img" not in html and "`" not in html and "${" not in html  # no tag, no template-literal code
    assert '<a href="https://example.org/r?a=1&amp;b=2" target="_blank" rel="noopener">' in html
    assert 'href="javascript' not in html and "javascript:alert(3)" in html  # shown as text
    assert html.startswith("<b>Jan 9, 2023</b>: ")
