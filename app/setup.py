"""The page's setup: its title in the browser, its layout and style, and the language switch."""

from importlib.resources import files

import streamlit as st

from app.language import language_switch, t
from app.state import Param, address


def style(name: str) -> str:
    """The style sheet ``name`` of app/style, as an element for st.html."""
    return "<style>\n" + (files("app") / "style" / name).read_text(encoding="utf-8") + "</style>"


def page_setup() -> bool:
    """Set the page up; returns whether it is in figure mode (``?figure=1``: the map alone, for a
    screenshot, without sidebar, header or toolbar)."""
    st.set_page_config(page_title=t("Peru protests 2022–2023 map"), page_icon="🗺️", layout="wide")
    figure = address(Param.FIGURE) == "1"
    st.html(style("figure.css" if figure else "narrow_screen.css"))
    language_switch()
    return figure
