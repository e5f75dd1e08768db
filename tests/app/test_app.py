"""The page, run headless with Streamlit's AppTest: widgets change the numbers shown."""

import json
import os
from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from geo import settings
from geo.analysis.aggregate import EventFilter, filter_mask
from geo.analysis.mines import near_any_mine
from tests.conftest import ROOT


@pytest.fixture
def app():
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    return at


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def deltas(at) -> dict[str, str]:
    return {m.label: m.delta for m in at.metric}


def test_headline_numbers_for_the_whole_period(app):
    shown = metrics(app)
    assert shown["Events"] == "226"
    assert shown["Fatalities"] == "58"
    assert shown["Departments"] == "21" and deltas(app)["Departments"] == "of 25"
    assert shown["About a mine"] == "14"
    # Within the radius, any cause (22 of the 30 are city protests), after "About a mine".
    near = "Within 25 km of a mine"
    assert shown[near] == "30" and deltas(app)[near] == "any cause"
    labels = [m.label for m in app.metric]
    assert labels.index("About a mine") < labels.index("Within 25 km of a mine")
    assert shown["Unassigned"] == "1"
    toll = app.info[0].value
    assert (
        "**58 deaths itemized** in the selected period (48 civilians killed in protests, of whom 24 in 4 events "
        "coded as excessive force against protesters; 1 police officer; 3 linked to roadblocks; 6 soldiers)." in toll
    )
    assert "in clashes" not in " ".join([toll, *(m.value for m in app.markdown)])
    assert "**60**, Defensoría del Pueblo, Feb 20, 2023" in toll
    assert "8 deaths linked to roadblocks are not itemized in the table" in toll.replace("\\", "")
    assert "66" not in toll and "other or unexplained" not in toll
    assert (
        "The table has 6 deaths dated after Feb 20, 2023 (6 soldiers), which no bundled toll "
        "covers." in toll.replace("\\", "")
    )


def test_reconciliation_in_the_juliaca_week(app):
    """The period ending 12 Jan meets the Defensoría's toll of that day (49 = 41 + 1 + 7)."""
    app.date_input[0].set_value((date(2023, 1, 6), date(2023, 1, 12))).run()
    assert metrics(app)["Fatalities"] == "21"
    toll = app.info[0].value.replace("\\", "")
    plain = toll.replace("**", "")
    assert (
        "21 deaths itemized in the selected period (19 civilians killed in protests, of whom 18 in 1 event coded "
        "as excessive force against protesters; 1 police officer; 1 death linked to roadblocks)" in plain
    )
    assert "49, Defensoría del Pueblo, Jan 12, 2023" in plain
    assert (
        "the table itemizes 43 deaths in all of Peru up to that day (41 civilians killed in protests, 1 police "
        "officer, 1 death linked to roadblocks)" in plain
    )
    assert "6 deaths linked to roadblocks are not itemized in the table." in toll


def test_no_toll_in_the_period_says_which_tolls_the_page_holds(app):
    app.date_input[0].set_value((date(2022, 12, 7), date(2022, 12, 15))).run()
    toll = app.info[0].value.replace("\\", "")
    assert (
        "The published tolls this page holds (25 on Dec 17, 2022; 49 on Jan 12, 2023; 55 on Jan 19, 2023; "
        "58 on Jan 30, 2023; 60 on Feb 20, 2023) are all dated after the period's end (Dec 15, 2022)" in toll
    )
    assert "No published toll" not in toll
    app.date_input[0].set_value((date(2022, 12, 7), date(2022, 12, 31))).run()
    assert "**25**, Defensoría del Pueblo, Dec 17, 2022" in app.info[0].value


def test_changing_the_date_range_changes_the_headline(app, bundle):
    app.date_input[0].set_value((date(2023, 1, 9), date(2023, 1, 9))).run()
    mask = filter_mask(bundle.events, EventFilter(date(2023, 1, 9), date(2023, 1, 9)))
    shown = metrics(app)
    assert shown["Events"] == str(mask.sum()) != "226"
    assert shown["Fatalities"] == str(bundle.events.loc[mask, "fatalities"].sum())
    assert shown["Fatalities"] == "20"  # Juliaca 18, the police officer, the Chucuito newborn (reference README)


def test_level_and_radius_follow_the_sidebar(app, bundle):
    app.radio(key="level").set_value("district").run()
    app.slider[0].set_value(60).run()
    shown = metrics(app)
    assert deltas(app)["Districts"] == "of 1,891"
    assert int(shown["Within 60 km of a mine"]) == near_any_mine(bundle.events, 60) > 30
    assert shown["About a mine"] == "14"  # the radius does not change what the rows are about
    # The 38 events without coordinates (geo_precision 3) have no district; nothing else lacks one.
    assert shown["Unassigned"] == str((bundle.events["geo_precision"] == 3).sum()) == "38"
    open_section(app, "Regions")
    caption = " ".join(c.value for c in app.caption)
    assert "Not assigned to a district: 37 only a larger region is known" in caption


def open_section(at, label: str) -> None:
    """Click the tab ``label`` under the map (its state is keyed "section")."""
    at.session_state["section"] = label
    at.run()
    assert not at.exception, at.exception


def test_only_the_open_section_under_the_map_is_sent(app):
    """The tabs under the map run lazily: on the timeline no table is sent, on the events tab no
    chart, and each tab holds what its name says."""
    charts = lambda: [e for e in app.get("vega_lite_chart")]  # noqa: E731
    assert len(charts()) == 1 and len(app.dataframe) == 0
    open_section(app, "Events")
    assert not charts() and [list(d.value.columns[:2]) for d in app.dataframe] == [["date", "event type"]]
    open_section(app, "Mines")
    assert len(app.dataframe) == 1 and "Cerro Verde" in set(app.dataframe[0].value.iloc[:, 0])


def map_args(at) -> dict:
    maps = [e for e in at.get("component_instance") if "streamlit_folium" in e.proto.component_name]
    assert len(maps) == 1
    return json.loads(maps[0].proto.json_args)


def test_map_component_loads_only_local_assets(app):
    args = map_args(app)
    links = args["js_links"] + args["css_links"]
    assert f"{settings.STATIC_URL}/vendor/leaflet/leaflet.js" in links
    assert all(link.startswith(settings.STATIC_URL + "/") for link in links)
    assert "peru-legend" in args["feature_group"]


def test_a_filter_change_replaces_the_layers_and_keeps_the_map(app):
    """The frame's script (and so the component's identity, the browser's map and its zoom) is
    the same after a date change; only the layers, which hold the new counts, are resent."""
    before = map_args(app)
    app.date_input[0].set_value((date(2023, 1, 9), date(2023, 1, 9))).run()
    after = map_args(app)
    assert after["script"] == before["script"]
    assert after["key"] == before["key"]
    assert "GeoJson" not in before["script"] and "peru-event" not in before["script"]
    assert after["feature_group"] != before["feature_group"]
    assert "Juliaca" in after["feature_group"]
    # The region shapes are not resent: the browser fetches them once from the app.
    assert '"coordinates"' not in after["feature_group"]
    assert json.dumps(settings.map_shapes_url("department")) in after["feature_group"]


def test_metric_survives_a_level_switch(app):
    app.selectbox[1].set_value("clashes").run()
    app.radio(key="level").set_value("district").run()
    assert app.selectbox[1].value == "clashes"
    app.radio(key="level").set_value("province").run()
    assert app.selectbox[1].value == "clashes"


def test_rate_metric_offered_only_at_department_level(app):
    rate = settings.METRICS[settings.RATE_METRIC]
    assert rate in app.selectbox[1].options
    app.selectbox[1].set_value(settings.RATE_METRIC).run()
    assert not app.exception
    app.radio(key="level").set_value("province").run()
    assert rate not in app.selectbox[1].options
    assert not app.exception


def test_the_page_opens_a_users_file(tmp_path, monkeypatch):
    path = tmp_path / "mine.csv"
    path.write_text(
        "event_date,event_type,latitude,longitude,fatalities\n"
        "2023-01-09,Protests,-15.4997,-70.1331,3\n"
        "2023-01-10,Riots,-16.3989,-71.5369,0\n",
        encoding="utf-8",
    )
    monkeypatch.setenv(settings.EVENTS_ENV, str(path))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    shown = metrics(at)
    assert shown["Events"] == "2" and shown["Fatalities"] == "3" and shown["Departments"] == "2"
    assert "2 events in all, from 'mine\\.csv'" in at.caption[0].value  # escaped for Markdown
    # Its deaths do not say who died: they are counted as such.
    assert "**3 deaths itemized** in the selected period (3 of unknown kind)." in at.info[0].value


def test_a_file_edited_in_place_with_its_size_and_time_restored_is_shown_anew(tmp_path, monkeypatch):
    path = tmp_path / "edited.csv"
    path.write_text(
        "event_date,event_type,latitude,longitude,fatalities\n2023-01-09,Protests,-15.4997,-70.1331,3\n",
        encoding="utf-8",
    )
    monkeypatch.setenv(settings.EVENTS_ENV, str(path))
    first = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    first.run()
    assert metrics(first)["Fatalities"] == "3"
    stat = path.stat()
    path.write_text(path.read_text(encoding="utf-8").replace(",3\n", ",8\n"), encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (stat.st_size, stat.st_mtime_ns)
    second = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    second.run()
    assert not second.exception, second.exception
    assert metrics(second)["Fatalities"] == "8"


def test_a_missing_file_is_one_clear_message(monkeypatch):
    monkeypatch.setenv(settings.EVENTS_ENV, "/no/such/events.csv")
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.run()
    assert not at.exception
    assert "events file '/no/such/events.csv' does not exist" in at.error[0].value


def test_a_large_events_table_is_sent_a_page_at_a_time(tmp_path, monkeypatch):
    path = tmp_path / "many.csv"
    rows = [f"2023-01-{1 + i % 28:02d},Protests,-15.4997,-70.1331,0" for i in range(1200)]
    path.write_text("event_date,event_type,latitude,longitude,fatalities\n" + "\n".join(rows) + "\n", encoding="utf-8")
    monkeypatch.setenv(settings.EVENTS_ENV, str(path))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.run()
    open_section(at, "Events")
    table = next(d for d in at.dataframe if "date" in d.value.columns)
    assert len(table.value) == settings.EVENT_PAGE_ROWS
    assert "Events 1–500 of 1,200, oldest first (page 1 of 3)" in " ".join(c.value for c in at.caption)
    at.number_input[0].set_value(3).run()
    table = next(d for d in at.dataframe if "date" in d.value.columns)
    assert len(table.value) == 200


def test_a_named_period_sets_the_dates_and_the_headline(app):
    app.selectbox(key="period").set_value("Juliaca week (6–12 Jan 2023)").run()
    assert app.date_input(key="dates").value == (date(2023, 1, 6), date(2023, 1, 12))
    assert metrics(app)["Fatalities"] == "21"  # the 9 January massacre (18) among them
    app.date_input(key="dates").set_value((date(2023, 1, 9), date(2023, 1, 9))).run()
    assert app.selectbox(key="period").value == "Dates chosen below"
    app.selectbox(key="period").set_value("The whole file").run()
    assert metrics(app)["Events"] == "226"


def test_play_steps_the_last_day_and_the_headline_follows(app):
    app.selectbox(key="period").set_value("Juliaca week (6–12 Jan 2023)").run()
    app.sidebar.button[0].click().run()  # play
    assert "Playing: events up to **Jan 6, 2023**" in app.sidebar.caption[0].value
    shown = [metrics(app)["Events"]]
    for _ in range(3):  # as if the step's seconds had passed each time
        app.session_state["played_at"] = 0
        app.run()
        shown.append(metrics(app)["Events"])
    assert "Playing: events up to **Jan 9, 2023**" in app.sidebar.caption[0].value
    assert [int(n) for n in shown] == sorted(int(n) for n in shown) and shown[0] != shown[-1]
    # Up to 9 January: Juliaca (18), the police officer attacked that night and the Chucuito newborn.
    assert metrics(app)["Fatalities"] == "20"
    app.sidebar.button[0].click().run()  # pause (the play button while playing): the step holds
    app.session_state["played_at"] = 0
    app.run()
    assert "Paused: events up to **Jan 9, 2023**" in app.sidebar.caption[0].value
    app.sidebar.button[1].click().run()  # stop: the whole week again
    assert metrics(app)["Fatalities"] == "21"
    assert not [c for c in app.sidebar.caption if "events up to" in c.value]


def test_fixed_classes_keep_the_whole_periods_colours(app):
    """With the option on, a one-week map is classed like the whole file's, so two periods compare."""

    def in_layers(text: str) -> bool:  # the layers' script holds text as JSON ("–" as \u2013)
        return json.dumps(text)[1:-1] in map_args(app)["feature_group"]

    app.selectbox(key="period").set_value("Juliaca week (6–12 Jan 2023)").run()
    assert not in_layers("26–44")  # classes from the week's own counts
    app.checkbox(key="fixed_classes").check().run()
    assert in_layers("26–44")  # the top class of the whole period
    assert in_layers("classes fixed over Dec 7, 2022 – Mar 21, 2023")


def test_a_mine_studied_lists_its_events_with_distance(app, bundle):
    open_section(app, "Mines")
    app.selectbox(key="studied_mine").set_value("Cerro Verde").run()
    events = next(d.value for d in app.dataframe if "km" in d.value.columns)
    assert len(events) == 11 and int(events["fatalities"].sum()) == 2 and int(events["names it"].sum()) == 1
    assert events["km"].max() <= 25 and list(events["date"]) == sorted(events["date"])
    assert "**Cerro Verde**: 1 event naming it; 10 more within 25 km, any cause; 2 deaths in all." in " ".join(
        m.value for m in app.markdown
    )
    app.selectbox(key="studied_mine").set_value("Antapaccay").run()
    events = next(d.value for d in app.dataframe if "km" in d.value.columns)
    assert int(events["names it"].sum()) == 4


def test_finding_a_place_drills_down_to_its_department(app):
    app.text_input(key="find").input("andahuaylas").run()
    app.button(key="find-0302").click().run()
    assert app.session_state["focus"] == "03"
    shown = metrics(app)
    assert "Provinces" in shown and deltas(app)["Provinces"] == "of 7"  # Apurímac's provinces
    assert "Apurímac only" in app.info[0].value  # national tolls are not compared with one department
    app.button(key=next(b.key for b in app.button if b.label == "Peru")).click().run()
    assert metrics(app)["Events"] == "226" and deltas(app)["Departments"] == "of 25"


def test_a_rate_map_drilled_down_falls_back_to_events(app):
    app.selectbox[1].set_value(settings.RATE_METRIC).run()
    app.text_input(key="find").input("puno").run()
    app.button(key="find-21").click().run()
    assert not app.exception and not app.error
    assert "Rates per 100,000 exist for departments only" in " ".join(c.value for c in app.sidebar.caption)
    assert map_args(app)  # the map is drawn
    assert metrics(app)["Events"] == "44"


def test_a_selection_follows_a_level_switch_as_the_region_holding_it(app):
    app.text_input(key="find").input("juliaca").run()
    app.button(key="find-211101").click().run()
    assert "**Selected: Juliaca** — 13 events, 19 fatalities" in " ".join(m.value for m in app.markdown)
    app.radio(key="level").set_value("province").run()
    assert "**Selected: San Román** —" in " ".join(m.value for m in app.markdown)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_file_with_every_row_rejected_shows_its_file_check(tmp_path, monkeypatch, lang):
    """No accepted event: no dates to choose, zero everywhere, and the file check with the reason
    (it once failed in the date widget before the check was drawn)."""
    path = tmp_path / "allrej.csv"
    path.write_text(
        "event_date,event_type,fatalities,latitude,longitude\n31/02/2023,Protests,0,-15.5,-70.13\n", encoding="utf-8"
    )
    monkeypatch.setenv("PERU_MAP_EVENTS", str(path))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.query_params["lang"] = lang
    at.run()
    assert not at.exception, at.exception
    assert [m.value for m in at.metric][:2] == ["0", "0"]
    summary, message, words = {
        "en": ("1 row: 0 accepted, 1 rejected", "message", "date 31/02/2023 does not exist"),
        "es": ("1 fila: aceptadas 0, rechazadas 1", "problema", "la fecha 31/02/2023 no existe"),
    }[lang]
    assert any(e.label.endswith(summary) for e in at.expander)
    assert any(df.value[message].eq(words).any() for df in at.dataframe if message in df.value)


@pytest.mark.parametrize(
    "former", ["Deaths in clashes with security forces", "Muertes en enfrentamientos con las fuerzas de seguridad"]
)
def test_a_link_written_before_the_metric_was_renamed_keeps_it(former):
    """Links shared before "deaths in clashes" was renamed "civilians killed in the protests" open
    that metric, in either language."""
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.query_params["metric"] = former
    at.query_params["lang"] = "en"
    at.run()
    assert not at.exception, at.exception
    assert at.selectbox(key="metric").value == "clashes"


def test_figure_mode_gives_the_maps_own_total_and_the_toll():
    """Figure mode (for screenshots): with the civilians-killed metric its caption gives that total
    beside all deaths, and a line names the Defensoría's count on or before the period's end."""
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.query_params.update(
        {
            "figure": "1",
            "lang": "en",
            "metric": "Civilians killed in the protests",
            "period": "Juliaca week (6–12 Jan 2023)",
        }
    )
    at.run()
    assert not at.exception, at.exception
    caption = at.caption[0].value.replace("\\", "")
    assert "36 events, 19 civilians killed in protests (21 deaths in all)" in caption
    assert "the Defensoría del Pueblo's national count was 49 on Jan 12, 2023." in caption


def test_every_source_in_the_records_tab_is_a_link(app):
    """Tolls, emergency decrees and roadblock reports: each table's source column is a link column,
    one address a cell (a decree covering several departments is a row in each)."""
    open_section(app, "Tolls, emergencies, roadblocks")
    tables = [d for d in app.dataframe if "source" in d.value.columns]
    decrees = next(d for d in tables if "in force" in d.value.columns)
    assert len(tables) == 3
    for table in tables:
        config = json.loads(table.proto.columns)
        assert config["source"]["type_config"]["type"] == "link", config
    sources = decrees.value["source"]
    assert (sources.str.count("https?://") <= 1).all()  # one address a cell: a link to follow
    assert sources.str.match(r"https?://\S+$").sum() == len(sources) - 4  # 4 cite an article without its URL
    assert {"department", "scope", "in force", "notes"} <= set(decrees.value.columns)


def test_the_mines_tab_sets_within_the_radius_apart_from_about_a_mine(app):
    """The headline's two mine numbers, explained: 8 of the 30 events within 25 km are about a mine."""
    open_section(app, "Mines")
    text = " ".join(m.value for m in app.markdown)
    assert (
        "**14 events** about a mine (their row names it or is tagged as mining), wherever they took place. "
        "**30 events** within 25 km of a mine, any cause: 8 of them about a mine, the others mostly protests "
        "in a nearby town." in text
    )
