"""The page's state in one place: the parameters of its address and the keys of its session.

The address (``?lang=es&focus=21&section=Mines``) is what a shared link reopens. Widgets bound
to it with ``bind=URL`` write their own key there (:class:`Widget`); the page writes the others
itself, through :func:`write_address` and :func:`drop_from_address`. The session state holds
what one visitor's page remembers between its runs: the widgets' values under their keys, and the
page's own keys (:class:`Key`). No session key holds a bundle: uploads are kept by
:func:`app.data.opened_files`, under a memory budget.
"""

from collections.abc import Iterable, Mapping
from typing import Any, Final

import streamlit as st

# Widgets bound to the page's address: a copied link reopens the same filter, layers and tab.
URL: Final = "query-params"


class Param:
    """Names the page writes in its address itself. Widgets bound to it (``bind=URL``: the types,
    sub-types, period, level, metric, fixed classes, radius and each layer's box) write their own key."""

    LANG = "lang"  # the page's language, "es" or "en"
    FIGURE = "figure"  # "1": figure mode, the map alone for a screenshot
    FOCUS = "focus"  # the department drilled down to, by its code
    VIEW = "view"  # "lat,lon,zoom", written by the map in the browser (geo/map)
    SECTION = "section"  # the open tab under the map, by its English name in any language
    PERIOD = "period"  # a named period, as the page wrote it (in either language)
    START = "start"  # dates chosen by hand (not a named period): the first day
    END = "end"  # and the last
    DATES = "dates"  # an old link's form of start and end


class Key:
    """Keys of the session state that are the page's own (not a widget's)."""

    REFUSED = "refused_files"  # (content hash, with bundled) -> the error, for the file last refused
    OPENED = "opened_files"  # (content hash, with bundled) -> this session's kept upload
    LAST_UPLOAD = "last_upload"  # the key of the upload shown last, shown again if the next is refused
    DATA_OF = "data_of"  # the origin of the events shown: a new origin resets the filter and the map
    FILTER_KEYS = "filter_keys"  # suffix of the data's filter widgets' keys (filter_key)
    RELABEL = "relabel"  # keys whose value is set again until the address holds their label
    DATES_OF = "dates_of"  # the first day of the data the dates were set for
    LAST_FULL_DATES = "last_full_dates"  # the last complete (start, end) of the dates box
    PLAY_TO = "play_to"  # the last day the map shows while playing, or None
    PLAYING = "playing"  # the play control runs
    PLAYED_AT = "played_at"  # time.monotonic() of the last step
    FOCUS = "focus"  # the department drilled down to (its code), or None
    PICKED = "picked"  # the region clicked or found, at any level
    FIT_CODE = "fit_code"  # a region to fit the map to, once
    SEEN_CLICK = "seen_click"  # the map's last click already acted on
    MAP_EPOCH = "map_epoch"  # a new number for a new map (Peru again, another file)
    MAP_SCOPE = "map_scope"  # this session's name for the map's remembered view


class Widget:
    """Keys of the widgets the page reads or sets from outside them."""

    LANG = "lang"  # the language switch (Param.LANG in the address, written by the page)
    UPLOAD = "upload"
    WITH_BUNDLED = "with_bundled"
    TYPES = "types"  # the data's filter widgets: with filter_key's suffix
    SUBTYPES = "subtypes"
    PERIOD = "period"
    DATES = "dates"
    LEVEL = "level"
    METRIC = "metric"
    FIXED_CLASSES = "fixed_classes"
    RADIUS = "radius"
    PLAY_STEP = "play_step"
    PER_DAY = "per_day"
    STUDIED_MINE = "studied_mine"
    SECTION = "section"  # the tabs under the map: the open tab's label
    FIND = "find"


# Widgets whose value the address holds as the label the page wrote, in its language.
LABELLED_IN_ADDRESS = ("types", "subtypes", "period", "level", "metric")
# What a new file forgets: where the map was, what was clicked and the mine studied.
PLACE_KEYS = (Key.FOCUS, Key.PICKED, Widget.STUDIED_MINE, Key.SEEN_CLICK)


def session() -> Any:
    """This visitor's session state (a mapping from key to value)."""
    return st.session_state


def address(name: str) -> str | None:
    """The value of ``name`` in the page's address, if it is there."""
    return st.query_params.get(name)


def address_all(name: str) -> list[str]:
    """Every value of ``name`` in the page's address (a multiselect's choices)."""
    return st.query_params.get_all(name)


def in_address(name: str) -> bool:
    """Whether the page's address names ``name``."""
    return name in st.query_params


def write_address(values: Mapping[str, str]) -> None:
    """Write ``values`` (name -> value) in the page's address, for a shared link."""
    st.query_params.update(values)


def drop_from_address(names: Iterable[str]) -> None:
    """Take ``names`` out of the page's address."""
    for name in names:
        st.query_params.pop(name, None)


def layer_key(name: str) -> str:
    """Key of the box that shows map layer ``name`` (in the address too: ``?show_roadblocks=true``)."""
    return f"show_{name}"


def filter_key(name: str) -> str:
    """Key of a filter widget whose choices depend on the data (types, sub-types, period, dates):
    the plain name (bound to the page's address) for the page's own events, a new one per file
    opened in the page."""
    return name + st.session_state.get(Key.FILTER_KEYS, "")


def map_epoch() -> int:
    """The number of the map shown: a new one is a new map in the browser."""
    return int(st.session_state.get(Key.MAP_EPOCH, 0))


def new_map() -> None:
    """A new map in the browser (its key changes): the whole country again, no old zoom."""
    st.session_state[Key.MAP_EPOCH] = map_epoch() + 1


def focus() -> str | None:
    """The department drilled down to, by its code."""
    return st.session_state.get(Key.FOCUS)


def relabel(key: str) -> None:
    """Set ``key``'s value again in the runs that follow, until the address holds its label."""
    st.session_state.setdefault(Key.RELABEL, set()).add(key)


def set_again(keys: Iterable[str]) -> None:
    """Set each of ``keys`` that the session holds to its own value: the page sends it to the
    browser again, with its label in the page's language (and writes it in the address)."""
    state = st.session_state
    for key in keys:
        if key in state:
            state[key] = state[key]
