"""Above the map: the title, the line that says what is shown, the file check of a visitor's file,
the headline numbers and the toll box."""

from datetime import date

import streamlit as st

from app.file_check import file_check
from app.language import count, lang, t
from app.sidebar import Controls
from geo.analysis.aggregate import period_label
from geo.analysis.dataset import Bundle, View
from geo.analysis.tolls import toll_line
from geo.i18n import day, level_word, number
from geo.place.boundaries import region_names
from geo.report.exports import describe_types, left_out_subtypes, totals_words
from geo.report.tables import markdown_text, toll_markdown


def header(bundle: Bundle, view: View, controls: Controls, figure: bool) -> None:
    """The title and what the page shows; on the page (not in figure mode) the file check of a
    visitor's file and the headline."""
    st.title(t("Peru's protest crisis, Dec 2022 – Mar 2023") if bundle.bundled else t("Protest events in Peru"))
    period = period_label(controls.event_filter.start, controls.event_filter.end, lang())
    if figure:
        st.caption(_figure_caption(bundle, view, controls, period))
        return
    st.caption(
        t(
            "{period} · {events} in all, from {source} · counts exclude aggregate roadblock reports "
            "and emergency decrees (own layers)",
            period=period,
            source=markdown_text(bundle.source_label(lang())),
            events=count(len(bundle.events), "1 event", "{n} events"),
        )
    )
    if not bundle.bundled:
        file_check(bundle)
    headline(view, controls.level, controls.radius, controls.focus, controls.event_filter.end)


def _figure_caption(bundle: Bundle, view: View, controls: Controls, period: str) -> str:
    """Figure mode's caption: where, when, which events, the totals, the source and the day, and
    the published toll of the period's end."""
    event_filter, focus = controls.event_filter, controls.focus
    where = region_names("department")[focus] if focus else t("Peru")
    types = describe_types(event_filter.event_types, tuple(bundle.event_types), lang()) + left_out_subtypes(
        event_filter.sub_event_types, tuple(bundle.sub_event_types), lang()
    )
    return (
        t(
            "{where}, **{period}** · {types} · {totals} · from {source}, made {day}",
            where=markdown_text(where),
            period=period,
            types=markdown_text(types),
            totals=totals_words(view.headline, controls.metric, lang()),
            source=markdown_text(bundle.source_label(lang())),
            day=day(date.today(), lang()),
        )
        + "  \n"
        + markdown_text(toll_line(view.toll, view.tolls, lang()))
    )


def headline(view: View, level: str, radius: float, focus: str | None, end: date | None) -> None:
    """The numbers above the map, deaths by kind, and the published toll beside them (in one
    container, keyed for the page's CSS: compact, so that the map shows in a laptop's first screen)."""
    with st.container(key="headline"):
        _numbers(view, level, radius, focus)
        st.info(_toll(view, focus, end), icon=":material/balance:")


def _numbers(view: View, level: str, radius: float, focus: str | None) -> None:
    """The headline's six numbers."""
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


def _toll(view: View, focus: str | None, end: date | None) -> str:
    """The toll box: deaths by kind (its first sentence), beside the published toll."""
    h = view.headline
    toll = toll_markdown(
        view.toll, h.deaths_by_kind, lang(), view.tolls, end, (h.excessive_force_deaths, h.excessive_force_events)
    )
    if not focus:
        return toll
    return (
        t(
            "**In {name} only.** The published tolls are national: they do not compare with one department's deaths.",
            name=markdown_text(region_names("department")[focus]),
        )
        + " "
        + toll
    )
