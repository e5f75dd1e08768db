"""Drilling down to a department and back to Peru."""

from dataclasses import replace

import streamlit as st

from app.language import lang, t
from app.sidebar import Controls
from app.state import Key, Param, Widget, address, drop_from_address, focus, in_address, new_map, session, write_address
from geo import settings
from geo.i18n import level_word
from geo.map.rules import metrics_for_level
from geo.place.boundaries import region_names
from geo.report.tables import markdown_text


def focus_on(code: str) -> None:
    """Drill down to the department of region ``code`` and fit the map to ``code`` once."""
    session().update({Key.FOCUS: code[:2], Key.FIT_CODE: code, Key.PICKED: code if len(code) > 2 else None})
    write_address({Param.FOCUS: code[:2]})  # in the page's address, for a shared link
    if len(code) == 6:
        session()[Widget.LEVEL] = "district"


def back_to_peru() -> None:
    """The whole country again, and the old click forgotten."""
    session().update({Key.FOCUS: None, Key.PICKED: None, Key.SEEN_CLICK: None})
    new_map()  # a new map (new key), which fits Peru, not the department's view
    drop_from_address([Param.FOCUS, Param.VIEW])


def _linked_focus() -> None:
    """For a new session: the department a shared link names, if any, and the map fit to it
    unless the link also holds the map's view."""
    state = session()
    shared = address(Param.FOCUS)
    state[Key.FOCUS] = shared if shared in region_names("department").index else None
    if state[Key.FOCUS] and not in_address(Param.VIEW):
        state[Key.FIT_CODE] = shared


def drilled(controls: Controls) -> Controls:
    """``controls`` within the department drilled down to, if any: its events only, its provinces
    for a department map, and a metric that exists at that level (each change told in the sidebar)."""
    if Key.FOCUS not in session():
        _linked_focus()
    department = focus()  # a department's code once the user has drilled down
    if not department:
        return controls
    level, metric = controls.level, controls.metric
    if level == "department":
        level = "province"  # a focused department shows its provinces
        st.sidebar.caption(
            t(
                "Drilled down to {name}: the map shows its provinces (“Peru”, above the map, goes back).",
                name=markdown_text(region_names("department")[department]),
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
    event_filter = replace(controls.event_filter, department=department)
    return replace(controls, event_filter=event_filter, level=level, metric=metric, focus=department)
