"""The page's language: chosen from the address or the browser, switched in the sidebar, and the
words of the page in it (``t``, ``count``)."""

from typing import Any

import streamlit as st

from app.state import (
    LABELLED_IN_ADDRESS,
    Param,
    Widget,
    address,
    filter_key,
    in_address,
    session,
    set_again,
    write_address,
)
from geo import i18n
from geo.i18n import LANGUAGES, SOURCE_LANGUAGE, preferred_language, translate


def lang() -> str:
    """The page's language: the switch, kept in the address as ``?lang=es``; for a new session the
    address's, else the first of Spanish and English the browser asks for. An address without
    ``lang`` that holds labelled choices was written by an English page (before the switch), so
    it opens in English and keeps them."""
    state = session()
    if state.get(Widget.LANG) not in LANGUAGES:
        linked = address(Param.LANG)
        if linked not in LANGUAGES and any(in_address(name) for name in LABELLED_IN_ADDRESS):
            linked = SOURCE_LANGUAGE
        # The browser's language as its page reads it (navigator.language), then as its requests
        # ask (Accept-Language): a browser set up with a locale only may send English on the latter.
        asked = ", ".join(filter(None, (st.context.locale, st.context.headers.get("Accept-Language"))))
        state[Widget.LANG] = linked if linked in LANGUAGES else preferred_language(asked)
    return str(state[Widget.LANG])


def t(text: str, **values: Any) -> str:
    """``text`` in the page's language (the catalogue geo/i18n/locale/es.po), ``values`` filled in."""
    translated = translate(text, lang())
    return translated.format(**values) if values else translated


def count(n: int, one: str, many: str) -> str:
    """``"1 event"`` or ``"1.234 eventos"`` in the page's language (:func:`geo.i18n.count`)."""
    return i18n.count(n, one, many, lang())


def language_switch() -> None:
    """Español / English. Not bound with ``bind``, which would write the label into the address."""
    write_address({Param.LANG: lang()})
    st.sidebar.segmented_control(
        "Idioma · Language",
        list(LANGUAGES),
        format_func=lambda code: LANGUAGES.get(code, code),
        key=Widget.LANG,
        required=True,
        on_change=keep_labelled_choices,
    )


def labelled_keys() -> list[str]:
    """Keys of the widgets whose options the page shows by a label in its language."""
    data_bound = (filter_key(name) for name in (Widget.TYPES, Widget.SUBTYPES, Widget.PERIOD))
    return [*data_bound, Widget.LEVEL, Widget.METRIC, Widget.PLAY_STEP, Widget.PER_DAY]


def keep_labelled_choices() -> None:
    """After a switch, the browser still holds each labelled widget's choice as the old language's
    label, which none of the new options match: the choice would be lost (a radio ticks nothing, the
    address names a level that no longer exists). Setting each value again, as the option it
    stands for, has the page send it, and write it in the address, with the new label."""
    set_again(labelled_keys())
