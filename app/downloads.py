"""Downloads of the current view: the map for a report or as one file, and its tables."""

from collections.abc import Callable
from dataclasses import replace
from functools import partial

import streamlit as st

from app.language import lang, t
from app.sidebar import Controls
from geo.analysis.dataset import Bundle, View
from geo.i18n import level_word, number
from geo.map.input import MapInput
from geo.place.boundaries import region_names
from geo.report.exports import (
    describe_filter,
    events_csv,
    events_geojson,
    export_file_name,
    left_out_subtypes,
    table_csv,
)
from geo.report.render import render_bytes, report_file_name
from geo.report.standalone import standalone_html
from geo.report.tables import markdown_text, mine_table, region_table

# A table to download: what its file is named for, suffix, type, what it holds, and its bytes.
Table = tuple[str, str, str, str, Callable[[], bytes]]


def report_buttons(bundle: Bundle, view: View, shown: MapInput, controls: Controls) -> None:
    """Downloads of the current view, each drawn only when clicked and named after what it holds:
    the map for a report (PNG, PDF, SVG at A4 landscape, 300 dpi; HTML that opens offline), and
    the data (events, regions and mines): plain tables, header first, whose file names state the
    view, and whose buttons say on hover which filter they hold. Their words and names follow the
    page's language; the data keep ACLED's values."""
    language, event_filter, focus = lang(), controls.event_filter, controls.focus
    where = region_names("department")[focus] if focus else t("Peru")
    all_types, all_subtypes = tuple(bundle.event_types), tuple(bundle.sub_event_types)
    description = describe_filter(
        shown.period, event_filter.event_types, where, bundle.source_label(language), all_types, language
    )
    description += left_out_subtypes(event_filter.sub_event_types, all_subtypes, language)
    _map_buttons(bundle, shown, controls, description)
    for column, (label, table) in zip(st.columns(4), _tables(view, shown, description).items(), strict=True):
        what, suffix, mime, holds, data = table
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


def _map_buttons(bundle: Bundle, shown: MapInput, controls: Controls, description: str) -> None:
    """The map for a report (PNG, PDF, SVG) and as one interactive file (HTML)."""
    language, event_filter, focus = lang(), controls.event_filter, controls.focus
    names = partial(
        report_file_name,
        event_filter,
        shown.level,
        shown.metric,
        focus,
        all_types=tuple(bundle.event_types),
        all_subtypes=tuple(bundle.sub_event_types),
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
            data=partial(
                render_bytes,
                bundle,
                suffix,
                event_filter,
                shown.level,
                shown.metric,
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


def _tables(view: View, shown: MapInput, description: str) -> dict[str, Table]:
    """The view's tables by their button's label."""
    language, level = lang(), shown.level
    regions = level_word(level, language, plural=True)
    # Written now: the downloads' data are made later, when clicked, outside this session's run,
    # where the page's language (its session state) is not known.
    per_region = description + t("; events and deaths per {region}", region=level_word(level, language))
    per_mine = description + t("; events about and within {km} km of each mine", km=number(shown.radius_km, language))
    return {
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
            # pandas-stubs lack Styler.data, the frame a Styler styles (pandas has it)
            lambda: table_csv(region_table(view.counts, lang=language).data),  # type: ignore[attr-defined]
        ),
        t("Mines CSV"): (
            t("mines"),
            ".csv",
            "text/csv",
            per_mine,
            lambda: table_csv(mine_table(view.mines, shown.radius_km, language)),
        ),
    }
