"""Tables under the map (geo.report.tables)."""

import re

import pandas as pd

from geo.analysis.aggregate import EventFilter, region_counts
from geo.report.tables import SELECTED_STYLE, event_table, mine_table, region_table, tolls_table


def test_region_table_highlights_the_selected_region(bundle):
    counts = region_counts(bundle.events, "department")
    style = region_table(counts, selected="21")
    table = style.data
    html = style.to_html()
    css = html.split("</style>")[0]
    selectors = re.findall(r"_row(\d+)_col(\d+)", css)
    assert "background-color: #ffe08a" in css and SELECTED_STYLE.startswith("background-color: #ffe08a")
    puno_row = str(table.index[table["code"] == "21"][0])
    assert sorted(selectors) == sorted((puno_row, str(c)) for c in range(len(table.columns)))
    assert ">44.00<" not in html and ">3.75<" in html  # rate with two decimals (Puno 44/1,172,697)
    assert table["code"].iloc[0] == "21" and table["code"].iloc[-1] == "UNASSIGNED"  # most events first
    puno = table.set_index("code").loc["21"]
    assert puno[
        [
            "fatalities",
            "civilians killed in protests",
            "police officers killed",
            "deaths linked to roadblocks",
            "soldiers who died",
        ]
    ].tolist() == [29, 21, 1, 1, 6]
    assert not any("clashes" in column for column in table.columns)


def test_regions_table_shows_the_excessive_force_deaths_within_the_civilians_killed(bundle):
    from geo.analysis.aggregate import EventFilter, excessive_force_by_region
    from geo.analysis.dataset import make_view

    view = make_view(bundle, EventFilter(), "department")
    excessive = excessive_force_by_region(bundle.codes, "department", view.mask)
    table = region_table(view.counts, lang="en", excessive_force=excessive).data.set_index("code")
    columns = list(table.columns)
    part = "of them, on rows coded as excessive force"
    assert columns.index(part) == columns.index("civilians killed in protests") + 1
    # Juliaca 18 + Macusani 2 in Puno, Pichanaki 3 in Junín, Chao 1 in La Libertad: 24 in all.
    assert table[part].to_dict() == {**{code: 0 for code in table.index}, "21": 20, "12": 3, "13": 1}
    assert (table[part] <= table["civilians killed in protests"]).all()
    spanish = region_table(view.counts, lang="es", excessive_force=excessive).data
    assert spanish["de ellos, en filas codificadas como uso excesivo de la fuerza"].sum() == 24
    # The unassigned row is named in the table's language (the page's table and its CSV).
    assert spanish["nombre"].iloc[-1] == "Sin departamento asignado"
    provinces = make_view(bundle, EventFilter(), "province").counts
    assert region_table(provinces, lang="es").data["nombre"].iloc[-1] == "Sin provincia asignada"


def test_event_table_follows_the_selection(bundle):
    puno = event_table(bundle.events, "department", "21")
    assert len(puno) == 44 and (puno["department"] == "Puno").all()
    assert puno["date"].is_monotonic_increasing
    # Every source is a web address, or the WSWS article cited in words (no file names).
    assert puno["source"].str.startswith(("http", "World Socialist Web Site, 17 Jan 2023")).all()
    antauta = puno[puno["place"] == "Antauta"].iloc[0]
    assert antauta["position"] == "somewhere in district Antauta" and antauta["precision"] == 2
    assert antauta["mine"] == "San Rafael" and antauta["mine (why)"] == "named in the row"
    # A nearest mine is shown only inside the radius: Juliaca's nearest, 139 km away, is not.
    juliaca = puno[puno["place"] == "Juliaca (airport area)"].iloc[0]
    assert juliaca["mine"] == "" and pd.isna(juliaca["km to mine"])
    macusani = puno[puno["place"] == "Macusani"].iloc[0]
    assert macusani["mine (why)"] == "nearest, within 25 km" and macusani["km to mine"] <= 25
    assert set(puno.loc[puno["fatalities"] == 1, "who died"]) == {
        "civilian killed in protests",
        "police officer",
        "death linked to roadblocks",
    }
    soldiers = puno[puno["who died"] == "soldiers"]
    assert soldiers["fatalities"].tolist() == [6] and soldiers["position"].iloc[0] == "source coordinates"


def test_no_bundled_source_is_a_local_file_name(bundle):
    sources = bundle.events["source"]
    assert not sources.str.contains(r"\.txt$").any()
    # The WSWS article of 17 Jan 2023 is cited in words by 7 reference rows: 3 events, 4 decrees.
    assert (sources.str.startswith("World Socialist Web Site")).sum() == 3


def test_mine_table_lists_every_mine(bundle):
    from geo.analysis.mines import mine_counts

    table = mine_table(mine_counts(bundle.events, 25), 25)
    assert len(table) == 26
    verde = table.set_index("name").loc["Cerro Verde"]
    assert verde[["events naming it", "events within 25 km, any cause", "deaths within 25 km, any cause"]].tolist() == [
        1,
        11,
        2,
    ]
    assert verde["deaths within 25 km by kind"] == "2 civilians killed in protests"
    assert list(table.columns[1:4]) == ["events naming it", "deaths naming it", "events within 25 km, any cause"]
    assert table.set_index("name").loc["Las Bambas", "commodity"] == "copper, molybdenum, gold, silver"
    assert table.set_index("name").loc["Conga (Minas Conga)", "status"] == "project (contested)"


def test_tolls_table_lists_every_published_toll(bundle):
    from geo.analysis.tolls import compare_tolls

    table = tolls_table(compare_tolls(bundle.events))
    assert table["published total"].tolist() == [25, 49, 55, 58, 60]
    assert table["itemized up to that day"].tolist() == [21, 43, 48, 51, 52]
    assert table["not itemized"].tolist() == [4, 6, 7, 7, 8]
    assert table["civilians killed in the protests"].tolist() == ["20", "41", "44", "not given", "48"]
    assert table["linked to roadblocks"].tolist() == ["5", "7", "10", "not given", "11"]
    assert "the Fiscalía's own count of 13 Jan was 42" in table["as reported"].iloc[1]


def test_the_events_table_sends_one_page(bundle):
    from geo.report.tables import event_page

    first, total, pages = event_page(bundle.events, "department", page=1, page_rows=100)
    last, _, _ = event_page(bundle.events, "department", page=3, page_rows=100)
    assert (total, pages, len(first), len(last)) == (226, 3, 100, 26)
    assert first["date"].is_monotonic_increasing and first["date"].iloc[-1] <= last["date"].iloc[0]
    puno, total, pages = event_page(bundle.events, "department", "21", page=9, page_rows=100)
    assert (total, pages, len(puno)) == (44, 1, 44)  # a page past the end shows the last one


def test_a_page_taken_by_positions_equals_the_page_of_the_filtered_frame(bundle):
    """The page reads its rows out of the whole frame by position: the same rows, in the same
    order, as from a copy of the filtered frame."""
    from datetime import date

    from geo.analysis.aggregate import EventFilter
    from geo.analysis.dataset import make_view
    from geo.report.tables import event_page

    view = make_view(bundle, EventFilter(date(2023, 1, 1), date(2023, 2, 28)), "province")
    for selected in (None, "2111"):  # all, then San Román (Juliaca)
        by_rows = event_page(bundle.events, "province", selected, page_rows=20, page=2, rows=view.rows)
        by_copy = event_page(view.events, "province", selected, page_rows=20, page=2)
        assert by_rows[1:] == by_copy[1:] and by_rows[1] > (20 if selected is None else 5)
        pd.testing.assert_frame_equal(by_rows[0].reset_index(drop=True), by_copy[0].reset_index(drop=True))


def test_the_map_copies_only_what_grid_cells_need_above_the_point_limit(bundle, monkeypatch):
    from geo import settings
    from geo.analysis.aggregate import EventFilter
    from geo.analysis.dataset import make_view
    from geo.analysis.points import CELL_COLUMNS, event_payload
    from geo.map.layers import event_popup_html

    view = make_view(bundle, EventFilter(), "department")
    assert list(view.map_events.columns) == list(bundle.events.columns)  # 188 drawn: one by one
    monkeypatch.setattr(settings, "MAX_POINTS", 50)
    view = make_view(bundle, EventFilter(), "department")
    assert list(view.map_events.columns) == list(CELL_COLUMNS) and len(view.map_events) == 226
    narrow, whole = event_payload(view.map_events, event_popup_html), event_payload(view.events, event_popup_html)
    assert narrow.mode == "cells" and narrow.data == whole.data


def test_mine_table_lists_the_mines_with_most_events_first(bundle):
    from geo.analysis.aggregate import EventFilter
    from geo.analysis.dataset import make_view

    view = make_view(bundle, EventFilter(), "department", 25)
    table = mine_table(view.mines, 25)
    # The mines events are about first (rows naming them), then most events within the radius.
    named = table["events naming it"].tolist()
    assert named == sorted(named, reverse=True) and table["name"].iloc[0] == "Las Bambas"  # 6 rows name it
    within = table.loc[table["events naming it"] == 0, "events within 25 km, any cause"].dropna().astype(int).tolist()
    assert within == sorted(within, reverse=True) and within[0] > within[-1]
    assert table["location"].iloc[-1] == "location not available"  # unlocated last


def test_headed_tables_show_days_not_midnights(bundle):
    """A day is shown as a day: the roadblock reports once read "2022-12-13 00:00:00"."""
    from datetime import date

    from geo.analysis.dataset import make_view
    from geo.report.tables import headed

    view = make_view(bundle, EventFilter(None, None), "department")
    dated = view.roadblocks.select_dtypes("datetime").columns
    assert len(dated) >= 1  # the reports carry their day as a timestamp
    shown = headed(view.roadblocks, "es")
    column = shown.columns[list(view.roadblocks.columns).index(dated[0])]
    assert all(type(d) is date for d in shown[column])


def test_region_table_headers_in_spanish_at_every_level(bundle):
    """Every header of the regions table, the department beside a province included, in Spanish."""
    for level, headers in {
        "department": ["código", "nombre", "eventos", "fallecidos"],
        "province": ["código", "nombre", "departamento", "eventos", "fallecidos"],
        "district": ["código", "nombre", "departamento", "eventos", "fallecidos"],
    }.items():
        table = region_table(region_counts(bundle.events, level), lang="es").data
        assert [h for h in table.columns if h in headers] == headers, (level, list(table.columns))
        assert not {"department", "code", "name", "events", "fatalities"} & set(table.columns), level
        assert "Puno" in set(table["departamento" if level != "department" else "nombre"])
