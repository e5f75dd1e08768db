"""Messages about a file's rows, kept as a catalogue template and its values so that each can be
written in any language: "date {value} does not exist" with ``31/02/2023`` reads "la fecha
31/02/2023 no existe" in Spanish. A million messages are written with whole-column string
operations, one pass per template, never one format call per row."""

from string import Formatter

import pandas as pd

from .i18n import translate

# Between a message's values in its ``fields`` text (a character no file's cell holds in practice).
SEPARATOR = "\x1f"


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
        value = value.fillna("").astype(str).str.replace(SEPARATOR, " ", regex=False) \
            if isinstance(value, pd.Series) else str(value).replace(SEPARATOR, " ")
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
            values = (fields[rows].fillna("").astype(str).str.split(SEPARATOR, n=len(names) - 1, expand=True)
                      .reindex(columns=range(len(names))))
            column = {name: values[i].fillna("") for i, name in enumerate(names)}
        text = pd.Series("", index=templates.index[rows], dtype=object)
        for literal, name, _, _ in Formatter().parse(translate(template, lang)):
            text = text + literal
            if name is not None:
                text = text + column[name]
        out[rows] = text.to_numpy()
    return out
