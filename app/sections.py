"""Under the map: one tab a section (timeline, regions, mines, events, records, about the data);
only the open one runs."""

import streamlit as st

from app.language import count, lang, t
from app.state import Param, Widget, address, focus, session, write_address
from geo import settings
from geo.analysis.aggregate import UNASSIGNED_NAMES, excessive_force_by_region, reason_text
from geo.analysis.dataset import Bundle, View
from geo.analysis.mines import events_of_mine
from geo.i18n import LANGUAGES, N_, number, translate, type_label
from geo.place.boundaries import region_names
from geo.report.about import about_the_data
from geo.report.tables import event_page, headed, markdown_text, mine_table, region_table, tolls_table
from geo.report.timeline import daily_chart


def timeline_section(bundle: Bundle, view: View, level: str, radius: float, selected: str | None) -> None:
    """Events by type, or deaths by kind, per day."""
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
        key=Widget.PER_DAY,
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


def regions_section(bundle: Bundle, view: View, level: str, radius: float, selected: str | None) -> None:
    """The regions of the map's level, the one selected marked, and why events lack one."""
    excessive = excessive_force_by_region(bundle.codes, level, view.mask)
    st.dataframe(region_table(view.counts, selected, lang(), excessive), hide_index=True, width="stretch", height=420)
    if len(view.unassigned_reasons):
        st.caption(
            t(UNASSIGNED_NAMES[level])
            + ": "
            + "; ".join(
                f"{number(n, lang())} {reason_text(str(why), level, lang())}"
                for why, n in view.unassigned_reasons.items()
            )
        )


def mines_section(bundle: Bundle, view: View, level: str, radius: float, selected: str | None) -> None:
    """A mine studied (its events under the filter), and every mine with its counts."""
    names = bundle.mines["name"].tolist()
    studied = st.selectbox(
        t("Study a mine: its events under the filter"),
        names,
        index=None,
        placeholder=t("Choose a mine…"),
        key=Widget.STUDIED_MINE,
    )
    if studied:
        _studied_mine(bundle, view, studied, radius)
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


def _studied_mine(bundle: Bundle, view: View, studied: str, radius: float) -> None:
    """The events naming mine ``studied`` or within ``radius`` km of it, under the filter."""
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


def events_section(bundle: Bundle, view: View, level: str, radius: float, selected: str | None) -> None:
    """The events under the filter, of the region selected or the department drilled down to, a page at a time."""
    department = focus()
    if selected:
        name = view.counts.set_index("code").loc[selected, "name"]
        st.markdown(t("**Events in {name}**", name=markdown_text(name)))
    elif department:
        st.markdown(t("**Events in {name}**", name=markdown_text(region_names("department")[department])))
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


def records_section(bundle: Bundle, view: View, level: str, radius: float, selected: str | None) -> None:
    """Published death tolls, emergency decrees and aggregate roadblock reports, each with its sources."""
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


def about_section(bundle: Bundle, view: View, level: str, radius: float, selected: str | None) -> None:
    """Where the events come from and how the page reads them."""
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
    state = session()
    current = state.get(Widget.SECTION)
    if current is None:
        linked = address(Param.SECTION)
        if linked in SECTIONS:
            state[Widget.SECTION] = t(linked)
    elif current not in labels:
        name = next((n for n in SECTIONS if current in {translate(n, code) for code in LANGUAGES}), None)
        state[Widget.SECTION] = t(name) if name else labels[0]
    return labels


def section_shown() -> str:
    """The English name of the open tab, for the page's address."""
    label = session().get(Widget.SECTION)
    return next((name for name in SECTIONS if t(name) == label), next(iter(SECTIONS)))


def sections(bundle: Bundle, view: View, level: str, radius: float, selected: str | None) -> None:
    """The tabs under the map, the open one drawn. Only the open section runs and reaches the
    browser: the charts and tables below the map cost the browser more than the map itself, and
    a filter change redraws only what is on screen."""
    tabs = st.tabs(section_tabs(), on_change="rerun", key=Widget.SECTION)
    write_address({Param.SECTION: section_shown()})  # in the page's address, in English whatever the language
    for tab, draw in zip(tabs, SECTIONS.values(), strict=True):
        if tab.open:
            with tab:
                draw(bundle, view, level, radius, selected)
