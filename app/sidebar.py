"""The sidebar's widgets, read into one frozen :class:`Controls`."""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from importlib.resources import files

import streamlit as st

from app.language import lang, t
from app.period import period_widgets
from app.state import (
    URL,
    Key,
    Widget,
    address_all,
    filter_key,
    in_address,
    layer_key,
    relabel,
    session,
    set_again,
)
from geo import settings
from geo.analysis.aggregate import EventFilter
from geo.analysis.dataset import Bundle
from geo.i18n import LANGUAGES, level_word, translate, type_label
from geo.map.registry import LayerToggles, layer_choices
from geo.map.rules import metrics_for_level


@dataclass(frozen=True)
class Controls:
    """What the visitor chose: the filter, the map's level, metric and radius, its layers, whether
    its colour classes are the whole file's, and the department drilled down to (app.focus)."""

    event_filter: EventFilter
    level: str
    metric: str
    radius: float
    toggles: LayerToggles
    fixed_classes: bool
    focus: str | None = None


def page_script(shown_dates: str) -> str:
    """The page's own script: it declares the page's language, and applies typed dates before a
    download (app/js/dates_guard.js). ``shown_dates`` is the range of this run,
    "YYYY-MM-DD/YYYY-MM-DD" (never user text); the language is a code of LANGUAGES."""
    guard = (files("app") / "js" / "dates_guard.js").read_text(encoding="utf-8")
    language = f'<script>document.documentElement.lang = "{lang()}";</script>'
    return language + "<script>\n" + guard.replace("SHOWN_DATES", shown_dates) + "</script>"


def sidebar(bundle: Bundle) -> Controls:
    """All the widgets, read into :class:`Controls` (no department drilled down to yet)."""
    sb, state = st.sidebar, session()
    set_again(state.get(Key.RELABEL, ()))  # see linked_choice
    sb.header(t("Filter"))
    start, end = period_widgets(sb, bundle)
    types, subtypes = _type_filters(bundle)
    sb.header(t("Map"))
    level, metric, fixed_classes, radius = _map_choices()
    sb.caption(t("Layers on the map (the map has no switch of its own)"))
    toggles = LayerToggles(
        **{
            name: sb.checkbox(label, default, key=layer_key(name), bind=URL)
            for name, (label, default) in layer_choices(lang()).items()
        }
    )
    # The page declares its language (<html lang>): screen readers speak it, browsers stop offering
    # to translate a Spanish page "from English". Last in the sidebar, where the element's own gap
    # shows least.
    shown_dates = "" if start is None else "/".join(day.isoformat() for day in state[Key.LAST_FULL_DATES])
    sb.html(page_script(shown_dates), unsafe_allow_javascript=True)
    # Named in the address again: the labels linked_choice read.
    state[Key.RELABEL] = {key for key in state.get(Key.RELABEL, ()) if not in_address(key)}
    return Controls(
        EventFilter(start, end, tuple(types), tuple(subtypes)), level, metric, radius, toggles, fixed_classes
    )


def _type_filters(bundle: Bundle) -> tuple[list[str], list[str]]:
    """The event types and sub-event types chosen (ACLED's, with their Spanish label in Spanish)."""
    sb = st.sidebar
    label = partial(type_label, lang=lang())
    for name, options in ((Widget.TYPES, bundle.event_types), (Widget.SUBTYPES, bundle.sub_event_types)):
        linked_choice(filter_key(name), options, type_label, many=True)
    types = sb.multiselect(
        t("Event types"),
        bundle.event_types,
        default=bundle.event_types,
        key=filter_key(Widget.TYPES),
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
            key=filter_key(Widget.SUBTYPES),
            bind=URL,
        )
    return types, subtypes


def _map_choices() -> tuple[str, str, bool, float]:
    """The map's level, metric, whether its classes are fixed, and the mines' radius."""
    sb = st.sidebar
    linked_choice(Widget.LEVEL, settings.LEVELS, partial(level_word, capital=True))
    level = sb.radio(
        t("Level"),
        settings.LEVELS,
        format_func=lambda v: level_word(v, lang(), capital=True),
        horizontal=True,
        key=Widget.LEVEL,
        bind=URL,
    )
    linked_choice(
        Widget.METRIC,
        metrics_for_level(level),
        lambda m, code: translate(settings.METRICS[m], code),
        former=settings.FORMER_METRIC_LABELS,
    )
    metric = sb.selectbox(
        t("Metric"),
        metrics_for_level(level),
        format_func=lambda m: t(settings.METRICS[m]),
        key=Widget.METRIC,
        bind=URL,
    )
    fixed_classes = sb.checkbox(
        t("Same colour classes for every period"),
        key=Widget.FIXED_CLASSES,
        bind=URL,
        help=t(
            "The choropleth's classes are drawn from the whole file's dates, so maps of two periods compare by colour."
        ),
    )
    radius = sb.slider(t("Mine radius (km)"), 1, 100, int(settings.DEFAULT_RADIUS_KM), key=Widget.RADIUS, bind=URL)
    return level, metric, fixed_classes, float(radius)


def linked_choice(
    key: str,
    options: Sequence[str],
    label: Callable[[str, str], str],
    many: bool = False,
    former: Mapping[str, str] | None = None,
) -> None:
    """A shared link's choice written in the other language (its ``lang`` changed by hand), or
    under a label the option had before (``former``: label -> option): on a new session, the
    options its labels stand for. The widget bound to the address reads labels in the page's
    language only, and would drop it."""
    state = session()
    if key in state or not in_address(key):
        return
    linked = address_all(key)
    by_label = _options_by_label(options, label, former or {})
    if not all(text in by_label for text in linked):
        return  # labels of no option: the widget drops them, and shows its default
    chosen = [by_label[text] for text in linked]
    if {label(option, lang()) for option in chosen} == set(linked):
        return  # the page's own labels: the widget reads them itself
    state[key] = chosen if many else chosen[0]
    # The widget drops from the address the labels it cannot read. Its value, set again in the
    # runs that follow, is written there once the browser has told the page it has the
    # widget (its first message).
    relabel(key)


def _options_by_label(
    options: Sequence[str], label: Callable[[str, str], str], former: Mapping[str, str]
) -> dict[str, str]:
    """Each option by its label in every language, and by the labels it had before."""
    by_label = {label(option, code): option for option in options for code in LANGUAGES}
    by_label.update({text: option for text, option in former.items() if option in options})
    return by_label
