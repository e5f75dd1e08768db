"""The map: the place bar above it, the folium map in st_folium, and what a click on it does."""

from typing import Any
from uuid import uuid4

import streamlit as st
from streamlit_folium import st_folium

from app.focus import back_to_peru, focus_on
from app.language import count, lang, t
from app.sidebar import Controls
from app.state import Key, Widget, map_epoch, session
from geo.analysis.aggregate import period_label
from geo.analysis.dataset import Bundle, View
from geo.analysis.deaths import describe
from geo.i18n import N_, level_word
from geo.map.input import MapInput, fixed_classes, map_input
from geo.map.layers import build_layers, clicked_mine, feature_code
from geo.map.offline import static_url
from geo.place.boundaries import load_regions, region_names
from geo.place.search import CODE_LENGTH, find_places, region_bounds
from geo.report.tables import markdown_text


@st.cache_resource
def map_regions(level: str) -> Any:
    """The regions of ``level`` as the map draws them."""
    return load_regions(level, "map")


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
        key=Widget.FIND,
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
    session()[Widget.FIND] = ""


def map_shown(bundle: Bundle, view: View, controls: Controls) -> MapInput:
    """What the map shows: the view's layers, classed by the whole file's counts if asked, fit to
    a region found or linked (once)."""
    event_filter, level, metric, radius = controls.event_filter, controls.level, controls.metric, controls.radius
    # The same rule as the report's map (geo.map.input.fixed_classes): the whole file's dates.
    classes = fixed_classes(bundle, event_filter, level, metric, radius, lang()) if controls.fixed_classes else {}
    fit_code = session().pop(Key.FIT_CODE, None)
    return map_input(
        view,
        level,
        metric,
        radius,
        period_label(event_filter.start, event_filter.end, lang()),
        map_regions(level),
        map_regions("department"),
        toggles=controls.toggles,
        focus=controls.focus,
        fit=region_bounds(fit_code) if fit_code else None,
        static_url=static_url(st.get_option("server.baseUrlPath")),
        lang=lang(),
        view_scope=f"{session().setdefault(Key.MAP_SCOPE, uuid4().hex)}-{map_epoch()}",
        **classes,
    )


def draw_map(shown: MapInput) -> dict | None:
    """The map in the page; returns what st_folium says of the last click."""
    drawn = build_layers(shown)
    # The frame never changes with the filter: the browser keeps its map (and the user's zoom) and
    # only the layers are replaced. No Leaflet layer control in the page: the sidebar's layer
    # checkboxes are the one set of switches (a layer off is not even sent, the legend and the
    # address follow them); a second switch inside the map, which the page never hears of, would
    # disagree with them. A map saved as one file (Map HTML), without a sidebar, keeps the control.
    return st_folium(
        drawn.frame,
        feature_group_to_add=drawn.layers,
        layer_control=None,
        height=720,
        use_container_width=True,
        returned_objects=["last_active_drawing"],
        key=f"map-{map_epoch()}",
    )


def map_block(bundle: Bundle, view: View, controls: Controls, figure: bool) -> MapInput:
    """The place bar (not in figure mode) and the map; returns what the map shows."""
    if not figure:
        place_bar(controls.focus, controls.level)
    shown = map_shown(bundle, view, controls)
    clicked = draw_map(shown)
    if figure:  # the map alone, for a screenshot
        st.caption(
            t("Figure mode: the page without its controls. Remove `figure=1` from the address to change the filter.")
        )
    else:
        follow_click(clicked, controls.focus)
    return shown


def follow_click(clicked: dict | None, focus: str | None) -> None:
    """A new click on the map: a mine is studied in the Mines tab, a region is picked, and a
    department on the country's map is drilled down to."""
    state = session()
    # The component repeats its last value on every run: only a changed one is a new click.
    drawing = (clicked or {}).get("last_active_drawing")
    clicked_code, mine = feature_code(drawing), clicked_mine(drawing)
    if (clicked_code, mine) == state.get(Key.SEEN_CLICK):
        return
    state[Key.SEEN_CLICK] = (clicked_code, mine)
    if mine:  # study it: the Mines tab lists its events
        state.update({Widget.STUDIED_MINE: mine, Widget.SECTION: t("Mines")})
    else:
        state[Key.PICKED] = clicked_code
    if clicked_code and not focus and len(clicked_code) == 2:  # a department: drill down
        focus_on(clicked_code)
        st.rerun()


def selected_region(view: View, level: str) -> str | None:
    """The region picked, at the map's level, if the view has it. A region picked at a finer
    level stays selected as the region holding it (codes nest)."""
    selected = (session().get(Key.PICKED) or "")[: CODE_LENGTH[level]]
    if selected not in view.counts.set_index("code").index:
        return None  # nothing clicked, or a click on a marker or the emergency layer
    return selected


def selection_note(view: View, level: str, selected: str | None) -> None:
    """What the region picked holds, and where the tables below show it."""
    if not selected:
        return
    row = view.counts.set_index("code").loc[selected].to_dict()
    kinds = {k: int(row[k]) for k in view.headline.deaths_by_kind}
    st.markdown(
        t(
            "**Selected: {name}** — {events}, {deaths} ({kinds}). The {regions} table marks it and the "
            "events table lists its events; click another region to change.",
            name=markdown_text(row["name"]),
            events=count(int(row["events"]), "1 event", "{n} events"),
            deaths=count(int(row["fatalities"]), "1 fatality", "{n} fatalities"),
            kinds=describe(kinds, lang()),
            regions=level_word(level, lang(), plural=True),
        )
    )
