"""Messages about a file's rows, kept as a catalogue template and its values so that each can be
written in any language: "date {value} does not exist" with ``31/02/2023`` reads "la fecha
31/02/2023 no existe" in Spanish. A million messages are written with whole-column string
operations, one pass per template, never one format call per row."""

import re
from pathlib import PurePosixPath
from string import Formatter

import pandas as pd

from geo import settings
from geo.i18n import translate

# Between a message's values in its ``fields`` text (:func:`shown` takes it out of every value).
SEPARATOR = "\x1f"
# What a terminal or a page could act on rather than show: C0 and C1 controls, DEL, and the
# bidirectional overrides and isolates that can make a text read backwards (Trojan Source).
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_LINE_BREAKS = re.compile("[\t\n\x0b\x0c\r\x85\u2028\u2029]+")
HIDDEN_MARK = "\ufffd"  # stands for a control character taken out of a value (the replacement character)
ELLIPSIS = "…"


def _visible(text: str) -> str:
    return _CONTROL.sub(HIDDEN_MARK, _LINE_BREAKS.sub(" ", text))


def shown(value, limit: int | None = None):
    r"""A value from a file as a message may quote it: line breaks and tabs become a space, other
    control characters (C0, C1, DEL) and bidirectional overrides the mark U+FFFD, and a text
    longer than ``limit`` characters (:data:`settings.MAX_SHOWN_CHARS`) is cut, with "…".
    Takes a text (anything else is written with ``str``) or a column of texts (done on the whole
    column at once).

    Every text of a user's file (values, headers, sheet and file names) goes through this before
    it is put in a message: a terminal must not run an escape sequence from a cell, and a 100 KB
    value must not fill the screen.

    Examples
    --------
    >>> shown("Puno\x1b[31m rojo")
    'Puno�[31m rojo'
    >>> shown("dos\nlíneas"), shown("x" * 100, limit=5)
    ('dos líneas', 'xxxxx…')
    """
    limit = settings.MAX_SHOWN_CHARS if limit is None else limit
    if isinstance(value, pd.Series):
        column = value.fillna("").astype(str).str.slice(0, limit + 1)
        cut = column.str.len() > limit
        column = column.str.replace(_LINE_BREAKS, " ", regex=True).str.replace(_CONTROL, HIDDEN_MARK, regex=True)
        return column.where(~cut, column.str.slice(0, limit) + ELLIPSIS)
    text = str(value)
    return _visible(text[:limit]) + ELLIPSIS if len(text) > limit else _visible(text)


def safe_name(name: str) -> str:
    r"""A file name as given by a user (an upload's name, a path's last part) made safe to show
    and to write in a file: no folders, no control characters or bidirectional overrides (see
    :func:`shown`), and at most :data:`settings.MAX_SHOWN_CHARS` characters, cut in the middle
    so that the suffix, which says the format, is kept.

    Examples
    --------
    >>> safe_name("../../etc/eventos\n2023.csv")
    'eventos 2023.csv'
    >>> safe_name("a" * 100 + ".xlsx")[-8:]
    'aa….xlsx'
    """
    text = str(name).replace("\\", "/")
    text = _visible(PurePosixPath(text).name if text.strip("/ ") else text).strip() or "file"
    limit = settings.MAX_SHOWN_CHARS
    if len(text) <= limit:
        return text
    suffix = PurePosixPath(text).suffix
    suffix = suffix if len(suffix) <= 16 else ""
    return text[: limit - len(suffix) - 1] + ELLIPSIS + suffix


def placeholders(template: str) -> list[str]:
    """The names of ``template``'s placeholders in order, each once.

    >>> placeholders("'{value}' repeats row {row} ({value})")
    ['value', 'row']
    """
    names = []
    for _, name, _, _ in Formatter().parse(template):
        if name is not None and name not in names:
            names.append(name)
    return names


def join_fields(template: str, values: dict, index: pd.Index) -> pd.Series:
    """The values of ``template``'s placeholders for rows ``index``, joined by :data:`SEPARATOR`
    in the template's order; each value is a text or a column of texts indexed like ``index``."""
    joined = pd.Series("", index=index, dtype=object)
    for position, name in enumerate(placeholders(template)):
        value = values[name]
        value = (
            value.fillna("").astype(str).str.replace(SEPARATOR, " ", regex=False)
            if isinstance(value, pd.Series)
            else str(value).replace(SEPARATOR, " ")
        )
        joined = (joined + SEPARATOR + value) if position else (joined + value)
    return joined


def write_messages(templates: pd.Series, fields: pd.Series, lang: str) -> pd.Series:
    """Each row's message: its template (English, as the code writes it) in ``lang`` with its
    ``fields`` (as :func:`join_fields` wrote them) put in."""
    out = pd.Series("", index=templates.index, dtype=object)
    for template in templates.unique():
        rows = (templates == template).to_numpy()
        names = placeholders(template)
        column = {}
        if names:  # a value missing from a row's fields is written as nothing
            values = (
                fields[rows]
                .fillna("")
                .astype(str)
                .str.split(SEPARATOR, n=len(names) - 1, expand=True)
                .reindex(columns=range(len(names)))
            )
            column = {name: values[i].fillna("") for i, name in enumerate(names)}
        text = pd.Series("", index=templates.index[rows], dtype=object)
        for literal, name, _, _ in Formatter().parse(translate(template, lang)):
            text = text + literal
            if name is not None:
                text = text + column[name]
        out[rows] = text.to_numpy()
    return out
