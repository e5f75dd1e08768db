"""The sidebar's dates: named periods, the dates box, and the play control."""

import time
from datetime import date
from typing import Any

import streamlit as st

from app.language import lang, t
from app.state import (
    URL,
    Key,
    Param,
    Widget,
    address,
    address_all,
    drop_from_address,
    filter_key,
    relabel,
    session,
    write_address,
)
from geo import settings
from geo.analysis.aggregate import period_label
from geo.analysis.dataset import Bundle
from geo.analysis.periods import CUSTOM, WHOLE, dates_in_address, linked_dates, play_step, presets
from geo.i18n import LANGUAGES, day, translate

Periods = dict[str, tuple[date, date]]


def period_of(days: tuple[date, ...], periods: Periods) -> str:
    """The named period that ``days`` (first, last) are, else CUSTOM."""
    return next((name for name, named_days in periods.items() if named_days == days), CUSTOM)


def _period_linked(periods: Periods) -> str | None:
    """The period the address names. It holds the period's name as the page wrote it: in either
    language."""
    linked = address(Param.PERIOD)
    return next((name for name in periods if linked in {translate(name, code) for code in LANGUAGES}), linked)


def _open_period(first: date, last: date, periods: Periods) -> None:
    """For a new session or a new file: its whole range, unless the page's address (a shared
    link) names a period or dates."""
    state = session()
    fresh = Key.DATES_OF not in state
    linked = _period_linked(periods) if fresh else None
    state.update({Key.DATES_OF: first, Key.PLAY_TO: None})
    dates_key, period_key = filter_key(Widget.DATES), filter_key(Widget.PERIOD)
    typed = (
        linked_dates(address(Param.START), address(Param.END), address_all(Param.DATES), first, last) if fresh else None
    )
    drop_from_address([Param.DATES])  # an old link's form: written again as start and end below
    if typed is not None:  # dates chosen by hand: they name a named period only if they are one
        named = period_of(typed, periods)
        state.update({dates_key: typed, period_key: named})
        if named != CUSTOM:  # the address names it, as the bound box would have
            write_address({period_key: t(named)})
    elif linked in periods:
        state.update({dates_key: periods[linked], period_key: linked})
        if translate(linked, lang()) != address(Param.PERIOD):
            relabel(period_key)
    else:
        state.update({dates_key: periods.get(WHOLE, ()), period_key: WHOLE})


def _apply_period(periods: Periods) -> None:
    """A named period chosen: its dates, and the play control back to the start."""
    state = session()
    if state[filter_key(Widget.PERIOD)] in periods:
        state.update(
            {filter_key(Widget.DATES): periods[state[filter_key(Widget.PERIOD)]], Key.PLAY_TO: None, Key.PLAYING: False}
        )


def _dates_typed(periods: Periods) -> None:
    """Dates chosen by hand: the period they are, if any, and the play control back to the start."""
    state = session()
    chosen = tuple(state[filter_key(Widget.DATES)])
    state.update(
        {
            filter_key(Widget.PERIOD): period_of(chosen, periods),
            Key.PLAY_TO: None,
            Key.PLAYING: False,
        }
    )


def period_widgets(sb: Any, bundle: Bundle) -> tuple[date | None, date | None]:
    """Named periods, the dates, and the play control; returns the (start, end) the page shows."""
    periods = presets(bundle.first_day, bundle.last_day)
    state = session()
    first, last = bundle.first_day, bundle.last_day
    if not periods or first is None or last is None:  # no event accepted: nothing to filter (the file check says why)
        sb.caption(t("No dates to choose from: the file has no accepted event."))
        return None, None
    if state.get(Key.DATES_OF) != first:
        _open_period(first, last, periods)
    sb.selectbox(
        t("Period"),
        [*periods, CUSTOM],
        key=filter_key(Widget.PERIOD),
        on_change=_apply_period,
        args=(periods,),
        bind=URL,
        format_func=t,
    )
    # Not bound to the address: the page writes the dates there itself, as start and end (a bound
    # range reopened as the whole file), and only for dates chosen by hand.
    dates = sb.date_input(
        t("Dates"),
        key=filter_key(Widget.DATES),
        min_value=first,
        max_value=last,
        format="DD/MM/YYYY",
        on_change=_dates_typed,
        args=(periods,),
        help=t("Pick the first day, then the last: the filter waits for both."),
    )
    if len(dates) != 2:  # the first click of a range: keep showing the range chosen before
        dates = state.get(Key.LAST_FULL_DATES) or (first, last)
    state[Key.LAST_FULL_DATES] = tuple(dates)
    start, end = dates
    if state[filter_key(Widget.PERIOD)] == CUSTOM:
        write_address(dates_in_address(start, end))
    else:  # a named period is in the address by its name
        drop_from_address(dates_in_address(start, end))
    return start, play_control(sb, start, end)


def _play(start: date, end: date, days: int) -> None:
    """Play pressed: the next step, now."""
    state = session()
    state.update(
        {
            Key.PLAYING: True,
            Key.PLAY_TO: play_step(start, state.get(Key.PLAY_TO), end, days),
            Key.PLAYED_AT: time.monotonic(),
        }
    )


def play_control(sb: Any, start: date, end: date) -> date:
    """Play, pause and stop: the map's last day steps from ``start`` to ``end``. Returns the last
    day shown."""
    state = session()
    steps = {"a day at a time": t("a day at a time"), "a week at a time": t("a week at a time")}
    step = sb.radio(t("Play the period"), list(steps), format_func=steps.get, horizontal=True, key=Widget.PLAY_STEP)
    days = 1 if step.startswith("a day") else 7
    # Callbacks: the state changes before the buttons are drawn, so they show the new state.
    toggle, stop = sb.columns(2)
    if state.get(Key.PLAYING):
        toggle.button(
            t("Pause"), icon=":material/pause:", width="stretch", on_click=state.update, kwargs={Key.PLAYING: False}
        )
    else:
        toggle.button(t("Play"), icon=":material/play_arrow:", width="stretch", on_click=_play, args=(start, end, days))
    stop.button(
        t("Stop"),
        icon=":material/stop:",
        width="stretch",
        disabled=state.get(Key.PLAY_TO) is None,
        on_click=state.update,
        kwargs={Key.PLAYING: False, Key.PLAY_TO: None},
    )
    shown_to = state.get(Key.PLAY_TO)
    if shown_to is None:
        return end
    shown = {"day": day(shown_to, lang()), "period": period_label(start, end, lang())}
    sb.caption(
        t("Playing: events up to **{day}** of {period}.", **shown)
        if state.get(Key.PLAYING)
        else t("Paused: events up to **{day}** of {period}.", **shown)
    )
    if state.get(Key.PLAYING):
        _tick(start, end, days)
    return shown_to


@st.fragment(run_every=settings.PLAY_STEP_SECONDS)
def _tick(start: date, end: date, days: int) -> None:
    """While playing, every few seconds: the next step, and the whole page follows. The fragment
    also runs with every run of the page, which must not step: hence the clock."""
    state = session()
    if not state.get(Key.PLAYING) or time.monotonic() - state.get(Key.PLAYED_AT, 0) < settings.PLAY_STEP_SECONDS * 0.9:
        return
    if state[Key.PLAY_TO] >= end:
        state[Key.PLAYING] = False
    else:
        state.update({Key.PLAY_TO: play_step(start, state[Key.PLAY_TO], end, days), Key.PLAYED_AT: time.monotonic()})
    st.rerun()
