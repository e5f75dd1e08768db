"""Peru's 2022–2023 protest crisis: events, regions and mines on one map.

A thin page over the ``geo`` package: read the widgets, ask ``geo`` for a view, lay it out.
Run with ``streamlit run dashboard.py``.
"""

import hashlib
import os
import sys
import time
from dataclasses import replace
from datetime import date
from functools import partial
from pathlib import Path
from uuid import uuid4

import streamlit as st
from streamlit_folium import st_folium

from geo import i18n, settings
from geo.analysis.aggregate import UNASSIGNED_NAMES, EventFilter, excessive_force_by_region, period_label, reason_text
from geo.analysis.dataset import bundle_of, events_path_from, load_bundle, make_view
from geo.analysis.deaths import describe
from geo.analysis.mines import events_of_mine
from geo.analysis.periods import CUSTOM, WHOLE, dates_in_address, linked_dates, play_step, presets
from geo.analysis.tolls import toll_line
from geo.errors import GeoDashError
from geo.i18n import LANGUAGES, N_, SOURCE_LANGUAGE, day, level_word, number, preferred_language, translate, type_label
from geo.io.events import report_lines
from geo.io.reader import kind_words
from geo.map.layers import LayerToggles, build_layers, clicked_mine, feature_code, map_input, metrics_for_level
from geo.map.offline import static_url
from geo.messages import safe_name
from geo.place.boundaries import load_regions, region_names
from geo.place.search import CODE_LENGTH, find_places, region_bounds
from geo.report.about import about_the_data
from geo.report.exports import (
    describe_filter,
    describe_types,
    events_csv,
    events_geojson,
    export_file_name,
    file_word,
    left_out_subtypes,
    rejected_csv,
    table_csv,
    totals_words,
)
from geo.report.render import render_bytes, report_file_name
from geo.report.standalone import standalone_html
from geo.report.tables import (
    event_page,
    headed,
    markdown_text,
    mine_table,
    region_table,
    toll_markdown,
    tolls_table,
)
from geo.report.timeline import daily_chart
from geo.serve.opened import OpenedFiles
from geo.serve.worker import read_upload
from geo.serve.worker import start as start_workers

# On a phone the map comes first, under the title; the headline numbers follow it.
# Figure mode (?figure=1): no sidebar, header or toolbar; the map fills the window under the title.
FIGURE_CSS = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"] { display: none !important; }
[data-testid="stMainBlockContainer"] { padding: 1rem 1.5rem 0.5rem; max-width: 100%; }
iframe[title*="streamlit_folium"] { height: calc(100vh - 150px) !important; min-height: 480px; }
</style>"""
PAGE_LANGUAGE_JS = '<script>document.documentElement.lang = "LANG";</script>'
# Streamlit's date box applies typed dates only when it loses focus, and Enter opens its calendar.
# Enter applies them here. A download clicked while the dates on screen are not those of the page's
# last run (typed, not yet applied, or the page still running) would hold the previous dates: the
# click applies the dates, waits for the page to catch up, and is then made again on the new button.
# SHOWN_DATES is the range of the last run, "YYYY-MM-DD/YYYY-MM-DD" (never user text).
DATES_GUARD_JS = """<script>
window.peruShownDates = "SHOWN_DATES";
if (!window.peruDatesGuard) {
  window.peruDatesGuard = true;
  const box = '[data-testid="stSidebar"] [data-testid="stDateInputField"]';
  const buttons = () => [...document.querySelectorAll('[data-testid="stDownloadButton"] button')];
  const onScreen = () => [...document.querySelectorAll(box + ' input[type="date"]')].map(i => i.value).join("/");
  const running = () => document.querySelector('[data-testid="stApp"]')?.dataset.testScriptState === "running";
  const caughtUp = () => onScreen() === window.peruShownDates && !running();
  document.addEventListener("keydown", event => {
    if (event.key === "Enter" && event.target.closest?.(box)) {
      event.preventDefault();
      event.stopImmediatePropagation();
      // Escape is the box's own key that applies complete typed dates (and closes the calendar).
      event.target.dispatchEvent(new KeyboardEvent("keydown", {key: "Escape", bubbles: true}));
    }
  }, true);
  document.addEventListener("click", event => {
    const button = event.target.closest?.('[data-testid="stDownloadButton"] button');
    if (!button || caughtUp()) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    const which = buttons().indexOf(button);
    if (document.activeElement?.closest?.(box)) document.activeElement.blur();
    const asked = Date.now();
    let steady = 0;  // polls in a row the page has been caught up: its run has really ended
    const wait = setInterval(() => {
      steady = caughtUp() ? steady + 1 : 0;
      if (steady < 2 && Date.now() - asked < 60000) return;
      clearInterval(wait);
      if (steady >= 2) buttons()[which]?.click();
    }, 150);
  }, true);
}
</script>"""
# The map in the first screen of a laptop (1280 × 800): a compact masthead and headline above it.
NARROW_SCREEN_CSS = """<style>
[data-testid="stMainBlockContainer"] { padding-top: 3rem; }
[data-testid="stMain"] h1 { font-size: 2rem; padding: 0 0 0.25rem; }
.st-key-headline { gap: 0.5rem; }
.st-key-headline [data-testid="stMetricValue"] { font-size: 1.75rem; }
.st-key-headline [data-testid="stAlertContainer"] { padding: 0.5rem 0.75rem; }
.st-key-headline [data-testid="stAlert"] p { font-size: 0.875rem; }
/* "of 25" beside the number of regions, not under it: the row stays one number high. */
.st-key-headline [data-testid="stMetric"] > div { display: flex; flex-wrap: wrap; align-items: baseline;
  column-gap: 0.4rem; }
.st-key-headline [data-testid="stMetricLabel"] { flex-basis: 100%; }
@media (max-width: 700px) {
  [data-testid="stMainBlockContainer"] { padding-top: 4rem; }  /* below the header's sidebar button */
  [data-testid="stMain"] h1 { font-size: 1.6rem; }
  [data-testid="stMain"] [data-testid="stVerticalBlock"] > [data-testid="stElementContainer"]:has(h1) {
    order: -2; }
  [data-testid="stMain"] [data-testid="stVerticalBlock"] > :has(.st-key-find),
  [data-testid="stMain"] [data-testid="stVerticalBlock"]
    > [data-testid="stElementContainer"]:has(iframe[title*="streamlit_folium"]) { order: -1; }
  /* Room above and below the map to scroll the page with a finger. */
  iframe[title*="streamlit_folium"] { height: 65vh !important; }
}
</style>"""


@st.cache_resource(show_spinner=False, max_entries=2)
def events_data(path: str | None, version: tuple[int, ...] | None):
    """The events file loaded once; ``version`` makes a changed file reload (the disk cache behind
    load_bundle is keyed by the content itself)."""
    return load_bundle(path)


def opened_data():
    """The events the page shows: the file given with --events or PERU_MAP_EVENTS, else the bundled.
    A file written since it was loaded is loaded again: its change time moves on every write, and
    unlike its modification time nobody can set it back."""
    path = events_path_from(sys.argv[1:], os.environ)
    stat = path.stat() if path is not None and path.is_file() else None
    version = (stat.st_mtime_ns, stat.st_ctime_ns, stat.st_size, stat.st_ino, stat.st_dev) if stat else None
    with st.spinner(t("Reading events and assigning regions…")):  # shown only if it takes a while
        return events_data(None if path is None else str(path), version)


@st.cache_resource
def opened_files() -> OpenedFiles:
    """Every session's opened uploads, held together to a memory budget (geo/serve/opened.py)."""
    return OpenedFiles(settings.OPEN_FILES_MEMORY_MB * 2**20)


UPLOAD_TYPES = ["csv", "tsv", "txt", "xlsx", "geojson", "json", "parquet"]


def uploaded_data(upload, with_bundled: bool):
    """The bundle of an uploaded file: this session's own, read in a worker process with a
    progress bar the first time (geo/serve/worker.py), kept in memory while the server's budget allows,
    never written to disk. A file that was refused is not read again on every rerun."""
    data = upload.getvalue()
    name = safe_name(upload.name)
    key = (hashlib.sha256(data).hexdigest(), with_bundled)
    state = st.session_state
    refused = state.setdefault("refused_files", {})
    if key in refused:
        raise refused[key]
    mine = state.setdefault("opened_files", {})  # (content hash, with bundled) -> Kept
    bundle = opened_files().use(mine[key]) if key in mine else None
    if bundle is None:
        bar = st.progress(0.0, t("Opening {name}…", name=markdown_text(name)))
        try:
            events, table = read_upload(
                data,
                name,
                with_bundled,
                waiting=lambda: bar.progress(
                    0.0, t("Other visitors' files are being read; yours starts as soon as one of them is done…")
                ),
                progress=lambda fraction, words, **numbers: bar.progress(
                    fraction, t(words, **{k: number(v, lang()) for k, v in numbers.items()}) + "…"
                ),
            )
        except GeoDashError as error:
            refused.clear()
            refused[key] = error
            raise
        finally:
            bar.empty()
        bundle = bundle_of(events, table, origin=("upload", *key))
        for other in [k for k in mine if k[0] != key[0]]:  # this file replaces the one opened before
            del mine[other]
        mine[key] = opened_files().keep(bundle)
    state["last_upload"] = key
    return bundle


# Widgets whose value the address holds as the label the page wrote, in its language.
LABELLED_IN_ADDRESS = ("types", "subtypes", "period", "level", "metric")


def lang() -> str:
    """The page's language: the switch, kept in the address as ``?lang=es``; for a new session the
    address's, else the first of Spanish and English the browser asks for. An address without
    ``lang`` that holds labelled choices was written by an English page (before the switch), so
    it opens in English and keeps them."""
    state = st.session_state
    if state.get("lang") not in LANGUAGES:
        linked = st.query_params.get("lang")
        if linked not in LANGUAGES and any(name in st.query_params for name in LABELLED_IN_ADDRESS):
            linked = SOURCE_LANGUAGE
        # The browser's language as its page reads it (navigator.language), then as its requests
        # ask (Accept-Language): a browser set up with a locale only may send English on the latter.
        asked = ", ".join(filter(None, (st.context.locale, st.context.headers.get("Accept-Language"))))
        state["lang"] = linked if linked in LANGUAGES else preferred_language(asked)
    return state["lang"]


def t(text: str, **values) -> str:
    """``text`` in the page's language (the catalogue geo/i18n/locale/es.po), ``values`` filled in."""
    translated = translate(text, lang())
    return translated.format(**values) if values else translated


def count(n: int, one: str, many: str) -> str:
    """``"1 event"`` or ``"1.234 eventos"`` in the page's language (:func:`geo.i18n.count`)."""
    return i18n.count(n, one, many, lang())


def language_switch() -> None:
    """Español / English. Not bound with ``bind``, which would write the label into the address."""
    st.query_params["lang"] = lang()
    st.sidebar.segmented_control(
        "Idioma · Language",
        list(LANGUAGES),
        format_func=LANGUAGES.get,
        key="lang",
        required=True,
        on_change=keep_labelled_choices,
    )


def labelled_keys() -> list[str]:
    """Keys of the widgets whose options the page shows by a label in its language."""
    return [*(filter_key(name) for name in ("types", "subtypes", "period")), "level", "metric", "play_step", "per_day"]


def keep_labelled_choices() -> None:
    """After a switch, the browser still holds each labelled widget's choice as the old language's
    label, which none of the new options match: the choice would be lost (a radio ticks nothing, the
    address names a level that no longer exists). Setting each value again, as the option it
    stands for, has the page send it, and write it in the address, with the new label."""
    state = st.session_state
    for key in labelled_keys():
        if key in state:
            state[key] = state[key]


def data_source():
    """The events the page shows: a file opened here (alone or with the bundled events), else the
    file given when the page was started, else the bundled events. A file that cannot be read is
    reported and the page goes on with the events it had."""
    sb = st.sidebar
    sb.header(t("Data"))
    upload = sb.file_uploader(
        t("Open your events file"),
        type=UPLOAD_TYPES,
        key="upload",
        help=t(
            "An ACLED export (CSV or Excel), a spreadsheet saved as CSV (comma, semicolon or tab; "
            "Spanish headers such as fecha, departamento, lugar, latitud, fallecidos are understood), "
            "GeoJSON points or GeoParquet, up to {mb} MB. Rows without coordinates are placed at the town "
            "or district they name.",
            mb=settings.MAX_UPLOAD_MB,
        ),
    )
    if upload is None:
        return opened_data()
    with_bundled = sb.toggle(
        t("Add to the bundled events"),
        key="with_bundled",
        help=t(
            "Show your events with the bundled ones. A row whose event id is "
            "already bundled is left out and listed with the rejected rows."
        ),
    )
    try:
        return uploaded_data(upload, with_bundled)
    except GeoDashError as error:
        previous = last_upload()
        if previous is not None:  # the file this visitor had open before stays on the page
            st.error(
                t(
                    "Your file was not opened: {error}. The map still shows {name}.",
                    error=markdown_text(error.told(lang())),
                    name=markdown_text(previous.table.source_name),
                )
            )
            return previous
        st.error(
            t(
                "Your file was not opened: {error}. The map shows the events the page opened with.",
                error=markdown_text(error.told(lang())),
            )
        )
        return opened_data()


def last_upload():
    """The bundle of the last file this session opened, if it is still held in memory."""
    kept = st.session_state.get("opened_files", {}).get(st.session_state.get("last_upload"))
    return opened_files().use(kept) if kept is not None else None


def file_check(bundle) -> None:
    """What became of every row of a user's file: accepted + rejected = total, the reasons, the
    problems by row, and the rejected rows to download. The problems themselves are in English."""
    table = bundle.table
    with st.expander(
        t("File check: {name} — {summary}", name=markdown_text(table.source_name), summary=table.summary(lang())),
        expanded=table.rejected_count > 0,
        icon=":material/fact_check:",
    ):
        lines = report_lines(table, limit=0, hint=False, lang=lang())[1:]
        st.markdown(
            t(
                "Read as {kind}: **{total}** = **{accepted}** accepted + **{rejected}** rejected.",
                kind=markdown_text(kind_words(table.kind, lang())),
                total=table.summary(lang()).split(":")[0],
                accepted=number(table.accepted, lang()),
                rejected=number(table.rejected_count, lang()),
            )
            + (
                " "
                + t(
                    "Rows are the file's lines: the header is line 1, blank lines count, and a cell "
                    "holding line breaks takes several."
                )
                if table.unit == "row"
                else ""
            )
        )
        if lines:
            st.text("\n".join(lines))
        if len(table.problems):
            shown = table.problems.head(settings.PROBLEM_ROWS_SHOWN)
            happened = {True: t("row rejected"), False: t("row kept")}
            st.dataframe(
                shown.assign(
                    dropped=shown["dropped"].map(happened),
                    reason=shown["reason"].map(t),
                    column=table.headers(shown["column"], lang()),
                    message=table.messages(shown, lang()),
                )[["row", "column", "reason", "message", "dropped"]].rename(
                    columns={
                        "row": t("row") if table.unit == "row" else t("feature"),
                        "column": t("column"),
                        "message": t("message"),
                        "reason": t("reason"),
                        "dropped": t("what happened"),
                    }
                ),
                hide_index=True,
                width="stretch",
            )
            if len(table.problems) > len(shown):
                st.caption(
                    t(
                        "The first {shown} of {total} problems; the rejected rows file has every rejected row.",
                        shown=number(len(shown), lang()),
                        total=number(len(table.problems), lang()),
                    )
                )
        if table.rejected_count:
            st.download_button(
                t("Rejected rows (CSV)"),
                rejected_csv(table, lang()),
                on_click="ignore",
                file_name=f"{Path(table.source_name).stem[:60]}_{file_word(t('rejected'))}.csv",
                mime="text/csv",
                icon=":material/download:",
            )


@st.cache_resource
def map_regions(level: str):
    return load_regions(level, "map")


# Widgets bound to the page's address: a copied link reopens the same filter, layers and tab.
URL = "query-params"


def layer_choices() -> dict[str, tuple[str, bool]]:
    """The map's layers: name -> (label, shown at first)."""
    return {
        "choropleth": (t("Regions (choropleth)"), True),
        "events": (t("Events"), True),
        "mines": (t("Mines and radius rings"), True),
        "emergency": (t("State of emergency / curfew"), True),
        "roadblocks": (t("Roadblock reports (aggregate counts)"), False),
        "basemap": (t("Street basemap (needs internet)"), False),
    }


def filter_key(name: str) -> str:
    """Key of a filter widget whose choices depend on the data (types, sub-types, period, dates):
    the plain name (bound to the page's address) for the page's own events, a new one per file
    opened in the page."""
    return name + st.session_state.get("filter_keys", "")


def sidebar(bundle):
    """All the widgets; returns (filter, level, metric, radius, toggles, fixed classes)."""
    sb, state = st.sidebar, st.session_state
    for key in state.get("relabel", ()):  # see linked_choice
        state[key] = state[key]
    sb.header(t("Filter"))
    start, end = period_widgets(sb, bundle)
    label = partial(type_label, lang=lang())  # ACLED's types, with their Spanish label in Spanish
    for name, options in (("types", bundle.event_types), ("subtypes", bundle.sub_event_types)):
        linked_choice(filter_key(name), options, type_label, many=True)
    types = sb.multiselect(
        t("Event types"),
        bundle.event_types,
        default=bundle.event_types,
        key=filter_key("types"),
        format_func=label,
        bind=URL,
    )
    with sb.expander(t("Sub-event types")):
        subtypes = st.multiselect(
            t("Sub-event types"),
            bundle.sub_event_types,
            default=bundle.sub_event_types,
            format_func=label,
            label_visibility="collapsed",
            key=filter_key("subtypes"),
            bind=URL,
        )
    sb.header(t("Map"))
    linked_choice("level", settings.LEVELS, partial(level_word, capital=True))
    level = sb.radio(
        t("Level"),
        settings.LEVELS,
        format_func=lambda v: level_word(v, lang(), capital=True),
        horizontal=True,
        key="level",
        bind=URL,
    )
    linked_choice(
        "metric",
        metrics_for_level(level),
        lambda m, code: translate(settings.METRICS[m], code),
        former=settings.FORMER_METRIC_LABELS,
    )
    metric = sb.selectbox(
        t("Metric"), metrics_for_level(level), format_func=lambda m: t(settings.METRICS[m]), key="metric", bind=URL
    )
    fixed_classes = sb.checkbox(
        t("Same colour classes for every period"),
        key="fixed_classes",
        bind=URL,
        help=t(
            "The choropleth's classes are drawn from the whole file's dates, so maps of two periods compare by colour."
        ),
    )
    radius = sb.slider(t("Mine radius (km)"), 1, 100, int(settings.DEFAULT_RADIUS_KM), key="radius", bind=URL)
    sb.caption(t("Layers on the map (the map has no switch of its own)"))
    toggles = LayerToggles(
        **{
            name: sb.checkbox(label, default, key=f"show_{name}", bind=URL)
            for name, (label, default) in layer_choices().items()
        }
    )
    # The page declares its language (<html lang>): screen readers speak it, browsers stop offering
    # to translate a Spanish page "from English". The value is a code of LANGUAGES, never user text.
    # Last in the sidebar, where the element's own gap shows least.
    shown_dates = "" if start is None else "/".join(day.isoformat() for day in state["last_full_dates"])
    sb.html(
        PAGE_LANGUAGE_JS.replace("LANG", lang()) + DATES_GUARD_JS.replace("SHOWN_DATES", shown_dates),
        unsafe_allow_javascript=True,
    )
    # Named in the address again: the labels linked_choice read.
    state["relabel"] = {key for key in state.get("relabel", ()) if key not in st.query_params}
    return (
        EventFilter(start, end, tuple(types), tuple(subtypes)),
        level,
        metric,
        float(radius),
        toggles,
        fixed_classes,
    )


def linked_choice(key: str, options, label, many: bool = False, former: dict | None = None) -> None:
    """A shared link's choice written in the other language (its ``lang`` changed by hand), or
    under a label the option had before (``former``: label -> option): on a new session, the
    options its labels stand for. The widget bound to the address reads labels in the page's
    language only, and would drop it."""
    state = st.session_state
    if key in state or key not in st.query_params:
        return
    linked = st.query_params.get_all(key)
    by_label = {label(option, code): option for option in options for code in LANGUAGES}
    by_label.update({text: option for text, option in (former or {}).items() if option in options})
    if all(text in by_label for text in linked) and {label(by_label[text], lang()) for text in linked} != set(linked):
        chosen = [by_label[text] for text in linked]
        state[key] = chosen if many else chosen[0]
        # The widget drops from the address the labels it cannot read. Its value, set again in the
        # runs that follow, is written there once the browser has told the page it has the
        # widget (its first message).
        state.setdefault("relabel", set()).add(key)


def period_widgets(sb, bundle):
    """Named periods, the dates, and the play control; returns the (start, end) the page shows."""
    periods = presets(bundle.first_day, bundle.last_day)
    state = st.session_state
    if not periods:  # no event accepted: nothing to filter (the file check says why)
        sb.caption(t("No dates to choose from: the file has no accepted event."))
        return None, None
    if state.get("dates_of") != bundle.first_day:  # a new session or a new file: its whole range,
        fresh = "dates_of" not in state  # unless the page's address (a shared link) says otherwise
        linked = st.query_params.get("period") if fresh else None
        # The address holds the period's name as the page wrote it: in either language.
        linked = next((name for name in periods if linked in {translate(name, code) for code in LANGUAGES}), linked)
        state.update(dates_of=bundle.first_day, play_to=None)
        dates_key, period_key = filter_key("dates"), filter_key("period")
        params = st.query_params
        typed = (
            linked_dates(
                params.get("start"), params.get("end"), params.get_all("dates"), bundle.first_day, bundle.last_day
            )
            if fresh
            else None
        )
        params.pop("dates", None)  # an old link's form: written again as start and end below
        if typed is not None:  # dates chosen by hand: they name a named period only if they are one
            named = next((name for name, days in periods.items() if days == typed), CUSTOM)
            state.update({dates_key: typed, period_key: named})
            if named != CUSTOM:  # the address names it, as the bound box would have
                params[period_key] = t(named)
        elif linked in periods:
            state.update({dates_key: periods[linked], period_key: linked})
            if translate(linked, lang()) != st.query_params.get("period"):
                state.setdefault("relabel", set()).add(period_key)
        else:
            state.update({dates_key: periods.get(WHOLE, ()), period_key: WHOLE})

    def apply_period():
        if state[filter_key("period")] in periods:
            state.update({filter_key("dates"): periods[state[filter_key("period")]], "play_to": None, "playing": False})

    def dates_typed():
        chosen = tuple(state[filter_key("dates")])
        state.update(
            {
                filter_key("period"): next((n for n, p in periods.items() if chosen == p), CUSTOM),
                "play_to": None,
                "playing": False,
            }
        )

    sb.selectbox(
        t("Period"), [*periods, CUSTOM], key=filter_key("period"), on_change=apply_period, bind=URL, format_func=t
    )
    # Not bound to the address: the page writes the dates there itself, as start and end (a bound
    # range reopened as the whole file), and only for dates chosen by hand.
    dates = sb.date_input(
        t("Dates"),
        key=filter_key("dates"),
        min_value=bundle.first_day,
        max_value=bundle.last_day,
        format="DD/MM/YYYY",
        on_change=dates_typed,
        help=t("Pick the first day, then the last: the filter waits for both."),
    )
    if len(dates) != 2:  # the first click of a range: keep showing the range chosen before
        dates = state.get("last_full_dates") or (bundle.first_day, bundle.last_day)
    state["last_full_dates"] = tuple(dates)
    start, end = dates
    if state[filter_key("period")] == CUSTOM:
        st.query_params.update(dates_in_address(start, end))
    else:  # a named period is in the address by its name
        for name in dates_in_address(start, end):
            st.query_params.pop(name, None)
    return start, play_control(sb, start, end)


def play_control(sb, start, end):
    """Play, pause and stop: the map's last day steps from ``start`` to ``end``. Returns the last
    day shown."""
    state = st.session_state
    steps = {"a day at a time": t("a day at a time"), "a week at a time": t("a week at a time")}
    step = sb.radio(t("Play the period"), list(steps), format_func=steps.get, horizontal=True, key="play_step")
    days = 1 if step.startswith("a day") else 7

    # Callbacks: the state changes before the buttons are drawn, so they show the new state.
    def play():
        state.update(
            playing=True, play_to=play_step(start, state.get("play_to"), end, days), played_at=time.monotonic()
        )

    toggle, stop = sb.columns(2)
    if state.get("playing"):
        toggle.button(
            t("Pause"), icon=":material/pause:", width="stretch", on_click=state.update, kwargs={"playing": False}
        )
    else:
        toggle.button(t("Play"), icon=":material/play_arrow:", width="stretch", on_click=play)
    stop.button(
        t("Stop"),
        icon=":material/stop:",
        width="stretch",
        disabled=state.get("play_to") is None,
        on_click=state.update,
        kwargs={"playing": False, "play_to": None},
    )
    shown_to = state.get("play_to")
    if shown_to is None:
        return end
    shown = {"day": day(shown_to, lang()), "period": period_label(start, end, lang())}
    sb.caption(
        t("Playing: events up to **{day}** of {period}.", **shown)
        if state.get("playing")
        else t("Paused: events up to **{day}** of {period}.", **shown)
    )
    if state.get("playing"):
        _tick(start, end, days)
    return shown_to


@st.fragment(run_every=settings.PLAY_STEP_SECONDS)
def _tick(start, end, days):
    """While playing, every few seconds: the next step, and the whole page follows. The fragment
    also runs with every run of the page, which must not step: hence the clock."""
    state = st.session_state
    if not state.get("playing") or time.monotonic() - state.get("played_at", 0) < settings.PLAY_STEP_SECONDS * 0.9:
        return
    if state["play_to"] >= end:
        state["playing"] = False
    else:
        state.update(play_to=play_step(start, state["play_to"], end, days), played_at=time.monotonic())
    st.rerun()


def main() -> None:
    st.set_page_config(page_title=t("Peru protests 2022–2023 map"), page_icon="🗺️", layout="wide")
    figure = st.query_params.get("figure") == "1"
    st.html(FIGURE_CSS if figure else NARROW_SCREEN_CSS)
    language_switch()
    bundle = data_source()
    state = st.session_state
    # What the page shows, by its origin rather than by the object: an upload let go to save memory
    # and read again is the same file (its filters stay), and no session state holds a bundle.
    origin = bundle.origin or id(bundle)
    if state.get("data_of") != origin:  # another file: its own types and dates, a new map
        if "data_of" in state:
            for key in ("focus", "picked", "studied_mine", "seen_click"):
                state.pop(key, None)
            state["map_epoch"] = state.get("map_epoch", 0) + 1
            # New widgets for the filter: the browser can still send the old ones' values (the
            # previous file's dates and types) in a rerun it started before this one.
            state["filter_keys"] = "" if bundle is opened_data() else f"-{state['map_epoch']}"
            state.update(
                {
                    filter_key("types"): list(bundle.event_types),
                    filter_key("subtypes"): list(bundle.sub_event_types),
                    "dates_of": None,
                }
            )  # and its whole date range (period_widgets)
        state["data_of"] = origin
    event_filter, level, metric, radius, toggles, fixed_classes = sidebar(bundle)
    if "focus" not in state:  # a new session: the department a shared link names, if any
        shared = st.query_params.get("focus")
        state["focus"] = shared if shared in region_names("department").index else None
        if state["focus"] and "view" not in st.query_params:
            state["fit_code"] = shared
    focus = state.get("focus")  # a department's code once the user has drilled down
    if focus:
        event_filter = replace(event_filter, department=focus)
        if level == "department":
            level = "province"  # a focused department shows its provinces
            st.sidebar.caption(
                t(
                    "Drilled down to {name}: the map shows its provinces (“Peru”, above the map, goes back).",
                    name=markdown_text(region_names("department")[focus]),
                )
            )
        if metric not in metrics_for_level(level):
            st.sidebar.caption(
                t(
                    "Rates per 100,000 exist for departments only: the {regions} are shown by {metric}.",
                    regions=level_word(level, lang(), plural=True),
                    metric=t(settings.METRICS[settings.DEFAULT_METRIC]).lower(),
                )
            )
            metric = settings.DEFAULT_METRIC
    view = make_view(bundle, event_filter, level, radius, lang())
    class_values = classes_period = None
    if fixed_classes:
        whole = replace(event_filter, start=bundle.first_day, end=bundle.last_day)
        class_values = make_view(bundle, whole, level, radius).counts.set_index("code")[metric]
        classes_period = period_label(whole.start, whole.end, lang())
    period = period_label(event_filter.start, event_filter.end, lang())

    st.title(t("Peru's protest crisis, Dec 2022 – Mar 2023") if bundle.bundled else t("Protest events in Peru"))
    h = view.headline
    if figure:
        where = region_names("department")[focus] if focus else t("Peru")
        types = describe_types(event_filter.event_types, tuple(bundle.event_types), lang()) + left_out_subtypes(
            event_filter.sub_event_types, tuple(bundle.sub_event_types), lang()
        )
        st.caption(
            t(
                "{where}, **{period}** · {types} · {totals} · from {source}, made {day}",
                where=markdown_text(where),
                period=period,
                types=markdown_text(types),
                totals=totals_words(h, metric, lang()),
                source=markdown_text(bundle.source_label(lang())),
                day=day(date.today(), lang()),
            )
            + "  \n"
            + markdown_text(toll_line(view.toll, view.tolls, lang()))
        )
    else:
        st.caption(
            t(
                "{period} · {events} in all, from {source} · counts exclude aggregate roadblock reports "
                "and emergency decrees (own layers)",
                period=period,
                source=markdown_text(bundle.source_label(lang())),
                events=count(len(bundle.events), "1 event", "{n} events"),
            )
        )
    if not figure and not bundle.bundled:
        file_check(bundle)
    if not figure:
        headline(view, level, radius, focus, event_filter.end)
        place_bar(focus, level)
    fit_code = state.pop("fit_code", None)
    shown = map_input(
        view,
        level,
        metric,
        radius,
        period,
        map_regions(level),
        map_regions("department"),
        toggles=toggles,
        class_values=class_values,
        classes_period=classes_period or "",
        focus=focus,
        fit=region_bounds(fit_code) if fit_code else None,
        static_url=static_url(st.get_option("server.baseUrlPath")),
        lang=lang(),
        view_scope=f"{state.setdefault('map_scope', uuid4().hex)}-{state.get('map_epoch', 0)}",
    )
    drawn = build_layers(shown)
    # The frame never changes with the filter: the browser keeps its map (and the user's zoom) and
    # only the layers are replaced. No Leaflet layer control in the page: the sidebar's layer
    # checkboxes are the one set of switches (a layer off is not even sent, the legend and the
    # address follow them); a second switch inside the map, which the page never hears of, would
    # disagree with them. A map saved as one file (Map HTML), without a sidebar, keeps the control.
    clicked = st_folium(
        drawn.frame,
        feature_group_to_add=drawn.layers,
        layer_control=None,
        height=720,
        use_container_width=True,
        returned_objects=["last_active_drawing"],
        key=f"map-{state.get('map_epoch', 0)}",
    )
    if figure:  # the map alone, for a screenshot
        st.caption(
            t("Figure mode: the page without its controls. Remove `figure=1` from the address to change the filter.")
        )
        return
    # The component repeats its last value on every run: only a changed one is a new click.
    drawing = (clicked or {}).get("last_active_drawing")
    clicked_code, mine = feature_code(drawing), clicked_mine(drawing)
    if (clicked_code, mine) != state.get("seen_click"):
        state["seen_click"] = (clicked_code, mine)
        if mine:  # study it: the Mines tab lists its events
            state.update(studied_mine=mine, section=t("Mines"))
        else:
            state["picked"] = clicked_code
        if clicked_code and not focus and len(clicked_code) == 2:  # a department: drill down
            focus_on(clicked_code)
            st.rerun()
    # A region picked at a finer level stays selected as the region holding it (codes nest).
    selected = (state.get("picked") or "")[: CODE_LENGTH[level]]
    by_code = view.counts.set_index("code")
    if selected not in by_code.index:
        selected = None  # nothing clicked, or a click on a marker or the emergency layer
    if selected:
        row = by_code.loc[selected]
        kinds = {k: int(row[k]) for k in h.deaths_by_kind}
        st.markdown(
            t(
                "**Selected: {name}** — {events}, {deaths} ({kinds}). The {regions} table marks it and the "
                "events table lists its events; click another region to change.",
                name=markdown_text(row["name"]),
                events=count(row["events"], "1 event", "{n} events"),
                deaths=count(row["fatalities"], "1 fatality", "{n} fatalities"),
                kinds=describe(kinds, lang()),
                regions=level_word(level, lang(), plural=True),
            )
        )

    report_buttons(bundle, view, shown, event_filter, focus)

    # Only the open section runs and reaches the browser: the charts and tables below the map cost
    # the browser more than the map itself, and a filter change redraws only what is on screen.
    tabs = st.tabs(section_tabs(), on_change="rerun", key="section")
    st.query_params["section"] = section_shown()  # in the page's address, in English whatever the language
    for tab, draw in zip(tabs, SECTIONS.values(), strict=True):
        if tab.open:
            with tab:
                draw(bundle, view, level, radius, selected)
    upload_workers()  # once the first page is drawn


@st.cache_resource
def upload_workers() -> None:
    """Start the processes that read uploads, in the background, once per server (geo/serve/worker.py)."""
    start_workers()


def headline(view, level: str, radius: float, focus: str | None, end: date | None) -> None:
    """The numbers above the map, deaths by kind, and the published toll beside them (in one
    container, keyed for the page's CSS: compact, so that the map shows in a laptop's first screen)."""
    with st.container(key="headline"):
        _headline(view, level, radius, focus, end)


def _headline(view, level: str, radius: float, focus: str | None, end: date | None) -> None:
    h = view.headline
    # The mines' second number needs the widest label ("Within 25 km of a mine"): its column is wider.
    cols = st.columns([0.85, 0.9, 1.05, 1.0, 1.55, 0.95], gap="small")
    cols[0].metric(t("Events"), number(h.events, lang()))
    cols[1].metric(t("Fatalities"), number(h.fatalities, lang()), help=t("Deaths itemized in the table, by kind below"))
    where = t("in {name}", name=region_names("department")[focus]) if focus else t("in Peru")
    regions = level_word(level, lang(), plural=True, capital=True)
    cols[2].metric(
        regions,
        number(h.regions_affected, lang()),
        t("of {n}", n=number(h.regions_total, lang())),
        delta_color="off",
        delta_arrow="off",
        help=t(
            "{regions} with at least one event, of the {n} {where}",
            regions=regions,
            n=number(h.regions_total, lang()),
            where=where,
        ),
    )
    cols[3].metric(
        t("About a mine"),
        number(h.about_mines, lang()),
        help=t(
            "Events whose row names a mine, or is tagged as a mining event (mining corridor, "
            "ore transport), wherever they took place"
        ),
    )
    # Within the radius, whatever the event was about: most are city protests near a mine (a
    # march in Arequipa is 15 km from Cerro Verde), hence "any cause" beside the number. No help
    # icon: the label needs the room at 1280 px; the mines table's note explains it.
    cols[4].metric(
        t("Within {radius} km of a mine", radius=f"{radius:g}"),
        number(h.near_mines, lang()),
        t("any cause"),
        delta_color="off",
        delta_arrow="off",
    )
    cols[5].metric(
        t("Unassigned"),
        number(h.unassigned, lang()),
        help=t(
            "Events without a region of this level: no position and no region name, or outside "
            "Peru (the line under the regions table says why)"
        ),
    )
    # Deaths by kind open the toll box (its first sentence), beside the published toll.
    toll = toll_markdown(
        view.toll, h.deaths_by_kind, lang(), view.tolls, end, (h.excessive_force_deaths, h.excessive_force_events)
    )
    if focus:
        toll = (
            t(
                "**In {name} only.** The published tolls are national: they do not compare with one department's "
                "deaths.",
                name=markdown_text(region_names("department")[focus]),
            )
            + " "
            + toll
        )
    st.info(toll, icon=":material/balance:")


def report_buttons(bundle, view, shown, event_filter, focus) -> None:
    """Downloads of the current view, each drawn only when clicked and named after what it holds:
    the map for a report (PNG, PDF, SVG at A4 landscape, 300 dpi; HTML that opens offline), and
    the data (events, regions and mines): plain tables, header first, whose file names state the
    view, and whose buttons say on hover which filter they hold. Their words and names follow the
    page's language; the data keep ACLED's values."""
    language = lang()
    level, metric, all_types = shown.level, shown.metric, tuple(bundle.event_types)
    where = region_names("department")[focus] if focus else t("Peru")
    all_subtypes = tuple(bundle.sub_event_types)
    description = describe_filter(
        shown.period, event_filter.event_types, where, bundle.source_label(language), all_types, language
    )
    description += left_out_subtypes(event_filter.sub_event_types, all_subtypes, language)
    names = partial(
        report_file_name,
        event_filter,
        level,
        metric,
        focus,
        all_types=all_types,
        all_subtypes=all_subtypes,
        lang=language,
    )
    maps = {".png": "image/png", ".pdf": "application/pdf", ".svg": "image/svg+xml"}
    columns = st.columns(4)
    for column, (suffix, mime) in zip(columns, maps.items(), strict=False):
        column.download_button(
            t("Map {format}", format=suffix[1:].upper()),
            icon=":material/download:",
            mime=mime,
            width="stretch",
            on_click="ignore",
            file_name=names(suffix),
            data=lambda suffix=suffix: render_bytes(
                bundle,
                suffix,
                event_filter,
                level,
                metric,
                focus,
                fixed_classes=shown.class_values is not None,
                lang=language,
            ),
            help=t(
                "The map of this view for a report: A4 landscape, 300 dpi, with title, legend, scale, sources and date."
            ),
        )
    columns[3].download_button(
        t("Map {format}", format="HTML"),
        icon=":material/download:",
        mime="text/html",
        width="stretch",
        on_click="ignore",
        file_name=names(".html"),
        data=lambda: standalone_html(replace(shown, fit=None), description).encode("utf-8"),
        help=t(
            "This interactive map, with its layers, legend and popups, as one file that opens in a "
            "browser from disk with no internet."
        ),
    )
    regions = level_word(level, language, plural=True)
    # Written now: the downloads' data are made later, when clicked, outside this session's run,
    # where the page's language (its session state) is not known.
    per_region = description + t("; events and deaths per {region}", region=level_word(level, language))
    per_mine = description + t("; events about and within {km} km of each mine", km=number(shown.radius_km, language))
    tables = {
        t("Events CSV"): (t("events"), ".csv", "text/csv", description, lambda: events_csv(view.events)),
        t("Events GeoJSON"): (
            t("events"),
            ".geojson",
            "application/geo+json",
            description,
            lambda: events_geojson(view.events, description),
        ),
        t("{regions} CSV", regions=level_word(level, language, plural=True, capital=True)): (
            regions,
            ".csv",
            "text/csv",
            per_region,
            lambda: table_csv(region_table(view.counts, lang=language).data),
        ),
        t("Mines CSV"): (
            t("mines"),
            ".csv",
            "text/csv",
            per_mine,
            lambda: table_csv(mine_table(view.mines, shown.radius_km, language)),
        ),
    }
    for column, (label, (what, suffix, mime, holds, data)) in zip(st.columns(4), tables.items(), strict=True):
        column.download_button(
            label,
            icon=":material/table:",
            mime=mime,
            width="stretch",
            data=data,
            on_click="ignore",
            file_name=export_file_name(what, event_filter, focus, suffix, all_types, all_subtypes, language),
            help=t(
                "The table of this view: {holds}. A plain table, header first (the GeoJSON "
                "also says it in its metadata); its file name states the view.",
                holds=markdown_text(holds),
            ),
        )


def focus_on(code: str) -> None:
    """Drill down to the department of region ``code`` and fit the map to ``code`` once."""
    st.session_state.update(focus=code[:2], fit_code=code, picked=code if len(code) > 2 else None)
    st.query_params["focus"] = code[:2]  # in the page's address, for a shared link
    if len(code) == 6:
        st.session_state["level"] = "district"


def back_to_peru() -> None:
    state = st.session_state
    # A new map (new key): the whole country again, and the old click forgotten.
    state.update(focus=None, picked=None, seen_click=None, map_epoch=state.get("map_epoch", 0) + 1)
    for name in ("focus", "view"):  # the new map fits Peru, not the department's view
        st.query_params.pop(name, None)


def place_bar(focus: str | None, level: str) -> None:
    """Where the map is (Peru, or a department with a way back) and a search for any place."""
    where, find = st.columns([3, 2], vertical_alignment="bottom")
    if focus:
        back, name = where.columns([1, 4], vertical_alignment="center")
        back.button(t("Peru"), icon=":material/arrow_back:", on_click=back_to_peru, help=t("Back to the whole country"))
        # One sentence per level: Spanish words differ by the level's gender (una provincia, un distrito).
        inside = {
            "province": N_("› **{name}**: its provinces; click one to list its events."),
            "district": N_("› **{name}**: its districts; click one to list its events."),
        }[level]
        name.markdown(t(inside, name=markdown_text(region_names("department")[focus])))
    else:
        where.markdown(
            t(
                {
                    "department": N_("**Peru**: click a department to see its provinces."),
                    "province": N_("**Peru**: click a province to list its events."),
                    "district": N_("**Peru**: click a district to list its events."),
                }[level]
            )
        )
    # key: the phone layout's CSS finds the search by its container's class (st-key-find), in any language
    # The label is the box's name for screen readers; on screen the placeholder and icon say it in
    # less height (the map in a laptop's first screen).
    query = find.text_input(
        t("Find a department, province, district or town"),
        key="find",
        placeholder=t("Find a place, e.g. juliaca, Andahuaylas"),
        label_visibility="collapsed",
        icon=":material/search:",
    )
    if query:
        found = find_places(query, lang=lang())
        if found.empty:
            find.caption(t("No place named like “{query}”.", query=markdown_text(query)))
        for code, label in zip(found["code"], found["label"]):
            find.button(label, key=f"find-{code}", on_click=_found, args=(code,), type="tertiary")


def _found(code: str) -> None:
    focus_on(code)
    st.session_state["find"] = ""


def timeline_section(bundle, view, level, radius, selected) -> None:
    if view.daily.empty:
        st.info(t("No events match the filter."))
        return
    choices = {"events": t("Events, by type"), "deaths": t("Deaths, by kind")}
    shown = st.radio(
        t("Per day"),
        list(choices),
        format_func=choices.get,
        horizontal=True,
        label_visibility="collapsed",
        key="per_day",
    )
    if shown == "events":
        table = view.daily
        labels = {c: type_label(c, lang()) for c in table.columns}
        colors = {c: settings.EVENT_TYPE_COLORS.get(c, settings.OTHER_TYPE_COLOR) for c in table.columns}
        words = {"y_title": t("events"), "series_title": t("event type")}
    else:
        table = view.daily_fatalities
        labels = {k: t(settings.FATALITY_KIND_SHORT[k]) for k in table.columns}
        colors = {k: settings.FATALITY_KIND_COLORS[k] for k in table.columns}
        words = {"y_title": t("deaths"), "series_title": t("kind of death")}
    st.altair_chart(daily_chart(table, labels, colors, lang=lang(), day_title=t("day"), **words), width="stretch")


def regions_section(bundle, view, level, radius, selected) -> None:
    excessive = excessive_force_by_region(bundle.codes, level, view.mask)
    st.dataframe(region_table(view.counts, selected, lang(), excessive), hide_index=True, width="stretch", height=420)
    if len(view.unassigned_reasons):
        st.caption(
            t(UNASSIGNED_NAMES[level])
            + ": "
            + "; ".join(
                f"{number(n, lang())} {reason_text(why, level, lang())}" for why, n in view.unassigned_reasons.items()
            )
        )


def mines_section(bundle, view, level, radius, selected) -> None:
    names = bundle.mines["name"].tolist()
    studied = st.selectbox(
        t("Study a mine: its events under the filter"),
        names,
        index=None,
        placeholder=t("Choose a mine…"),
        key="studied_mine",
    )
    if studied:
        events = events_of_mine(
            bundle.events, bundle.mines, studied, radius, view.mask, bundle.mine_distances, bundle.named_mines
        )
        named = int(events["names it"].sum())
        st.markdown(
            t(
                "**{mine}**: {named}; {near} more within {km} km, any cause; {deaths} in all. "
                "“km” is empty (None) for a row naming the mine from farther away or without a usable "
                "position.",
                mine=markdown_text(studied),
                named=count(named, "1 event naming it", "{n} events naming it"),
                near=number(len(events) - named, lang()),
                km=number(radius, lang()),
                deaths=count(int(events["fatalities"].sum()), "1 death", "{n} deaths"),
            )
        )
        source = t("source")
        st.dataframe(
            headed(events, lang()),
            hide_index=True,
            width="stretch",
            column_config={source: st.column_config.LinkColumn(source)},
        )
    h = view.headline
    st.markdown(
        t(
            "**{about}** about a mine (their row names it or is tagged as mining), wherever they took "
            "place. **{near}** within {km} km of a mine, any cause: {near_about} of them about a mine, the "
            "others mostly protests in a nearby town.",
            about=count(h.about_mines, "1 event", "{n} events"),
            near=count(h.near_mines, "1 event", "{n} events"),
            km=number(radius, lang()),
            near_about=number(h.near_mines_about, lang()),
        )
    )
    st.dataframe(mine_table(view.mines, radius, lang()), hide_index=True, width="stretch")
    st.caption(
        t(
            "“Naming it”: rows that name the mine, first. “Within … any cause”: events placed at source "
            "coordinates or a town inside the ring, whatever they were about (most are protests in a nearby "
            "town). The columns do not add up to the "
            "headline, which counts each event once: a row may name several mines, rings overlap "
            "(Antapaccay, Tintaya and Quechua share Yauri's events), and rows tagged as mining "
            "events without naming a mine count in “About a mine” only."
        )
    )


def events_section(bundle, view, level, radius, selected) -> None:
    focus = st.session_state.get("focus")
    if selected or focus:
        name = view.counts.set_index("code").loc[selected, "name"] if selected else region_names("department")[focus]
        st.markdown(t("**Events in {name}**", name=markdown_text(name)))
    events, total, pages = event_page(bundle.events, level, selected, radius, rows=view.rows, lang=lang())
    if pages > 1:
        page = int(
            st.number_input(
                t("Page of the events table (1–{pages})", pages=number(pages, lang())),
                min_value=1,
                max_value=pages,
                value=1,
                step=1,
            )
        )
        events, total, pages = event_page(bundle.events, level, selected, radius, page, rows=view.rows, lang=lang())
        first = (page - 1) * settings.EVENT_PAGE_ROWS
        st.caption(
            t(
                "Events {first}–{last} of {total}, oldest first (page {page} of {pages}); the filter narrows them.",
                first=number(first + 1, lang()),
                last=number(first + len(events), lang()),
                total=number(total, lang()),
                page=number(page, lang()),
                pages=number(pages, lang()),
            )
        )
    source = t("source")
    st.dataframe(events, hide_index=True, width="stretch", column_config={source: st.column_config.LinkColumn(source)})


def records_section(bundle, view, level, radius, selected) -> None:
    source = {t("source"): st.column_config.LinkColumn(t("source"))}
    st.markdown(t("**Published death tolls ({n})** beside the deaths itemized here", n=len(view.tolls)))
    st.dataframe(tolls_table(view.tolls, lang()), hide_index=True, width="stretch", column_config=source)
    st.caption(
        t(
            "“Itemized up to that day”: the deaths this table dates from its first day to the toll's "
            "date, whatever the filter. “As reported”: what the reporting article says the figure "
            "rests on."
        )
    )
    st.markdown(t("**States of emergency and curfews in force** ({n} departments)", n=len(view.emergency)))
    st.dataframe(
        headed(view.decrees.drop(columns=["code"]), lang()), hide_index=True, width="stretch", column_config=source
    )  # one decree a row, so that its source is a link
    st.markdown(t("**Aggregate roadblock reports** ({n})", n=len(view.roadblocks)))
    st.dataframe(
        headed(view.roadblocks.drop(columns=["department_code"]), lang()),
        hide_index=True,
        width="stretch",
        column_config=source,
    )


def about_section(bundle, view, level, radius, selected) -> None:
    st.markdown(
        about_the_data(
            len(bundle.events),
            markdown_text(bundle.source_label(lang())),
            lang(),
            own_file=not bundle.bundled,
            with_bundled=bool(bundle.table.bundled_rows),
        )
    )


# The sections under the map, one tab each, in the order shown. The English names are their
# names in the page's address (?section=Mines) whatever the page's language.
SECTIONS = {
    N_("Timeline"): timeline_section,
    N_("Regions"): regions_section,
    N_("Mines"): mines_section,
    N_("Events"): events_section,
    N_("Tolls, emergencies, roadblocks"): records_section,
    N_("About the data"): about_section,
}


def section_tabs() -> list[str]:
    """The tabs' labels in the page's language. The open tab is its label (the tabs' state):
    for a new session it is the one the address names; after a language switch, the same tab's
    label in the new language."""
    labels = [t(name) for name in SECTIONS]
    state = st.session_state
    current = state.get("section")
    if current is None:
        linked = st.query_params.get("section")
        if linked in SECTIONS:
            state["section"] = t(linked)
    elif current not in labels:
        name = next((n for n in SECTIONS if current in {translate(n, code) for code in LANGUAGES}), None)
        state["section"] = t(name) if name else labels[0]
    return labels


def section_shown() -> str:
    """The English name of the open tab, for the page's address."""
    label = st.session_state.get("section")
    return next((name for name in SECTIONS if t(name) == label), next(iter(SECTIONS)))


# Streamlit runs this file as __main__; an upload's worker process (geo/serve/worker.py) imports it as
# its main module, as multiprocessing does, and must not draw the page.
if __name__ == "__main__":
    try:
        main()
    except GeoDashError as error:
        st.error(error.told(lang()))
