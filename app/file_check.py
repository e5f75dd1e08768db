"""The file check of a visitor's own file: what became of every row."""

from pathlib import Path

import pandas as pd
import streamlit as st

from app.language import lang, t
from geo import settings
from geo.analysis.dataset import Bundle
from geo.i18n import number
from geo.io.events import EventTable, report_lines
from geo.io.reader import kind_words
from geo.report.exports import file_word, rejected_csv
from geo.report.tables import markdown_text


def file_check(bundle: Bundle) -> None:
    """What became of every row of a user's file: accepted + rejected = total, the reasons, the
    problems by row, and the rejected rows to download. The problems themselves are in English."""
    table = bundle.table
    with st.expander(
        t("File check: {name} — {summary}", name=markdown_text(table.source_name), summary=table.summary(lang())),
        expanded=table.rejected_count > 0,
        icon=":material/fact_check:",
    ):
        lines = report_lines(table, limit=0, hint=False, lang=lang())[1:]
        st.markdown(_accounting(table))
        if lines:
            st.text("\n".join(lines))
        if len(table.problems):
            _problems(table)
        if table.rejected_count:
            st.download_button(
                t("Rejected rows (CSV)"),
                rejected_csv(table, lang()),
                on_click="ignore",
                file_name=f"{Path(table.source_name).stem[:60]}_{file_word(t('rejected'))}.csv",
                mime="text/csv",
                icon=":material/download:",
            )


def _accounting(table: EventTable) -> str:
    """Total = accepted + rejected, and what a row is."""
    return t(
        "Read as {kind}: **{total}** = **{accepted}** accepted + **{rejected}** rejected.",
        kind=markdown_text(kind_words(table.kind, lang())),
        total=table.summary(lang()).split(":")[0],
        accepted=number(table.accepted, lang()),
        rejected=number(table.rejected_count, lang()),
    ) + (
        " "
        + t(
            "Rows are the file's lines: the header is line 1, blank lines count, and a cell "
            "holding line breaks takes several."
        )
        if table.unit == "row"
        else ""
    )


def _problems(table: EventTable) -> None:
    """The first problems, a row each, and how many more there are."""
    shown = table.problems.head(settings.PROBLEM_ROWS_SHOWN)
    happened = {True: t("row rejected"), False: t("row kept")}
    st.dataframe(
        _problem_rows(table, shown, happened),
        hide_index=True,
        width="stretch",
    )
    if len(table.problems) > len(shown):
        st.caption(
            t(
                "The first {shown} of {total} problems; the rejected rows file has every rejected row.",
                shown=number(len(shown), lang()),
                total=number(len(table.problems), lang()),
            )
        )


def _problem_rows(table: EventTable, shown: pd.DataFrame, happened: dict[bool, str]) -> pd.DataFrame:
    """The problems as the table shows them, with headers in the page's language."""
    return shown.assign(
        dropped=shown["dropped"].map(happened),
        reason=shown["reason"].map(t),
        column=table.headers(shown["column"], lang()),
        message=table.messages(shown, lang()),
    )[["row", "column", "reason", "message", "dropped"]].rename(
        columns={
            "row": t("row") if table.unit == "row" else t("feature"),
            "column": t("column"),
            "message": t("message"),
            "reason": t("reason"),
            "dropped": t("what happened"),
        }
    )
