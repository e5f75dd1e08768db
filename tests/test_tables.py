"""Tables under the map (geo.tables)."""

import re

from geo.aggregate import region_counts
from geo.tables import SELECTED_STYLE, event_table, mine_table, region_table


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


def test_event_table_follows_the_selection(bundle):
    puno = event_table(bundle.events, "department", "21")
    assert len(puno) == 44 and (puno["admin1"] == "Puno").all()
    assert puno["event_date"].is_monotonic_increasing
    assert puno["source"].str.startswith(("http", "000_")).all()


def test_mine_table_lists_every_mine(bundle):
    from geo.mines import mine_counts

    table = mine_table(mine_counts(bundle.events, 25))
    assert len(table) == 26
    assert table.set_index("name").loc["Las Bambas", "commodity"] == "copper, molybdenum, gold, silver"
    assert table.set_index("name").loc["Conga (Minas Conga)", "status"] == "project (contested)"
