"""What reading an events file gives: the validated events, the problems found, the rows refused.

:class:`EventTable` is what :mod:`geo.io.validate` returns and the page, the command line and the
ingest cache keep; the column names of its frames are here too (the events' own columns are
:data:`geo.settings.EVENT_COLUMNS`).
"""

from dataclasses import dataclass, field
from typing import cast

import pandas as pd

from geo import settings
from geo.i18n import N_, SOURCE_LANGUAGE, count, language, number, t
from geo.io.rawtable import LineCount
from geo.messages import shown, write_messages

PLACED_AT_VALUES = ("", settings.PLACED_AT_TOWN, settings.PLACED_AT_DISTRICT)
# ``message`` is in English; ``template`` and ``fields`` write it in any language (geo.messages).
PROBLEM_COLUMNS = ("row", "column", "reason", "message", "dropped", "template", "fields")
WHOLE_ROW = N_("(whole row)")


def no_problems() -> pd.DataFrame:
    """An empty problems frame with the columns and types of :data:`PROBLEM_COLUMNS`."""
    return pd.DataFrame(
        {
            "row": pd.Series(dtype="int64"),
            "column": pd.Series(dtype=str),
            "reason": pd.Series(dtype=str),
            "message": pd.Series(dtype=str),
            "dropped": pd.Series(dtype=bool),
            "template": pd.Series(dtype=str),
            "fields": pd.Series(dtype=str),
        }
    )


@dataclass
class EventTable:
    """Validated events, the problems found and the rows refused.

    ``problems`` has one row per problem (:data:`PROBLEM_COLUMNS`; ``row`` is the row number a
    spreadsheet shows, header = row 1, or the GeoJSON feature's position); ``rejected`` the refused
    rows with their file columns, ``row`` and ``reason``.
    """

    events: pd.DataFrame
    problems: pd.DataFrame = field(default_factory=no_problems)
    source_name: str = ""
    rejected: pd.DataFrame = field(default_factory=pd.DataFrame)
    total: int | None = None
    kind: str = ""
    unit: str = "row"
    renamed: dict = field(default_factory=dict)
    bundled_rows: int = 0  # the bundled events shown with the file's (their rows come first)
    line_count: LineCount | None = None  # a text file's lines: where each went

    def __post_init__(self):
        if self.total is None:
            self.total = len(self.events) - self.bundled_rows + int(self.problems["dropped"].sum())

    @property
    def rows_read(self) -> int:
        """Rows in the file, header excluded: accepted plus rejected."""
        return cast(int, self.total)  # counted in __post_init__ when not given

    @property
    def accepted(self) -> int:
        """Rows of the file kept as events."""
        return len(self.events) - self.bundled_rows

    @property
    def rejected_count(self) -> int:
        return self.rows_read - self.accepted

    def rejected_by_reason(self) -> pd.Series:
        """Refused rows counted by reason, most frequent first."""
        dropped = self.problems[self.problems["dropped"]]
        return dropped["reason"].value_counts() if len(dropped) else pd.Series(dtype="int64")

    def warnings_by_reason(self) -> pd.Series:
        """Values cleared or corrected in rows that were kept, counted by reason."""
        kept = self.problems[~self.problems["dropped"]]
        return kept["reason"].value_counts() if len(kept) else pd.Series(dtype="int64")

    def messages(self, problems: pd.DataFrame | None = None, lang: str = "en") -> pd.Series:
        """What is wrong in each of ``problems`` (by default all of them), in ``lang``."""
        problems = self.problems if problems is None else problems
        if language(lang) == SOURCE_LANGUAGE:
            return problems["message"]
        return write_messages(problems["template"], problems["fields"], lang)

    def rejected_rows(self, lang: str = "en") -> pd.DataFrame:
        """:attr:`rejected` with its ``reason`` in ``lang`` (and the two columns we add named in it)."""
        if language(lang) == SOURCE_LANGUAGE or not len(self.rejected):
            return self.rejected
        reasons = refusals(self.problems, self.renamed, self.messages(lang=lang), lang)
        number = pd.to_numeric(self.rejected["row"], errors="coerce")
        rows = self.rejected.assign(reason=number.map(reasons).fillna(self.rejected["reason"]))
        return rows.rename(
            columns={"row": t("row", lang) if self.unit == "row" else t("feature", lang), "reason": t("reason", lang)}
        )

    def headers(self, columns: pd.Series, lang: str = "en") -> pd.Series:
        """The file's own header of each of ``columns`` (our names, such as ``event_date``): "fecha"
        where the file said so."""
        written = {column: shown(header) for header, column in self.renamed.items()}
        written[WHOLE_ROW] = t(WHOLE_ROW, lang)
        return columns.map(lambda c: written.get(c, shown(c)))

    def problem_lines(self, limit: int | None = None, lang: str = "en") -> list[str]:
        """The problems as sentences, file order: "row 14, column 'fecha': ... (row refused)"."""
        listed = self.problems if limit is None else self.problems.head(limit)
        unit = t("row", lang) if self.unit == "row" else t("feature", lang)
        column, refused, kept = t("column", lang), t("row refused", lang), t("row kept", lang)
        return [
            f"{unit} {r}, {column} '{c}': {m} ({refused if d else kept})"
            for r, c, m, d in zip(
                listed["row"], self.headers(listed["column"], lang), self.messages(listed, lang), listed["dropped"]
            )
        ]

    def summary(self, lang: str = "en") -> str:
        """One line: "1,204 rows: 1,190 accepted, 14 rejected"; for a text file with more lines than
        the header and its rows, where the others went: "… (1,210 lines: the header, 1,204 rows,
        5 blank)"."""
        if lang != "en":
            units = t("1 row", lang) if self.unit == "row" else t("1 feature", lang)
            if self.total != 1:
                units = (
                    t("{n} rows", lang, n=number(self.rows_read, lang))
                    if self.unit == "row"
                    else t("{n} features", lang, n=number(self.rows_read, lang))
                )
            said = t(
                "{units}: {accepted} accepted, {rejected} rejected",
                lang,
                units=units,
                accepted=number(self.accepted, lang),
                rejected=number(self.rejected_count, lang),
            )
        else:
            said = (
                f"{self.total:,} {self.unit}{'' if self.total == 1 else 's'}: {self.accepted:,} accepted, "
                f"{self.rejected_count:,} rejected"
            )
        return said + self._lines_words(lang)

    def _lines_words(self, lang: str) -> str:
        """ " (12 lines: the header, 9 rows, 2 blank, 1 inside a quoted value)", when a text file
        has lines that are neither the header nor a row; else ""."""
        lines = self.line_count
        if lines is None or not (lines.above or lines.blank or lines.continued):
            return ""
        parts = (
            [count(lines.above, "1 line above the header", "{n} lines above the header", lang)] if lines.above else []
        )
        parts += [t("the header", lang), count(self.rows_read, "1 row", "{n} rows", lang)]
        if lines.blank:
            parts.append(count(lines.blank, "1 blank", "{n} blank", lang))
        if lines.continued:
            parts.append(count(lines.continued, "1 inside a quoted value", "{n} inside quoted values", lang))
        return f" ({count(lines.lines, '1 line', '{n} lines', lang)}: {', '.join(parts)})"


def refusals(problems: pd.DataFrame, renamed: dict, messages: pd.Series, lang: str) -> pd.Series:
    """Why each refused row was refused, indexed by row: "column 'Fecha': date 31/02/2023 does
    not exist", its problems joined by "; " (``messages`` are the problems' messages in ``lang``;
    ``renamed`` the file's headers, as :attr:`EventTable.renamed`)."""
    refused = problems["dropped"].to_numpy()
    written = {column: shown(header) for header, column in renamed.items()}
    written[WHOLE_ROW] = t(WHOLE_ROW, lang)
    columns = problems.loc[refused, "column"].map(lambda c: written.get(c, shown(c)))
    text = pd.Series(
        (t("column", lang) + " '" + columns + "': " + messages[refused]).to_numpy(),
        index=problems.loc[refused, "row"].to_numpy(),
    )
    several = text.index.duplicated(keep=False)  # joined only where a row has several (fast)
    return pd.concat([text[~several], text[several].groupby(level=0).agg("; ".join)])
