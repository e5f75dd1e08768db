"""The accounting of an events file's check: problems noted row by row, the rows refused, and the
:class:`geo.io.schema.EventTable` made of them (accepted plus rejected rows equal the file's).

:mod:`geo.io.validate` says what is wrong; this module keeps count of it.
"""

import difflib
from typing import Any

import numpy as np
import pandas as pd

from geo import settings
from geo.errors import EventFileError
from geo.i18n import N_, SOURCE_LANGUAGE, t
from geo.io.rawtable import BROKEN_REASONS, RawTable, header_key
from geo.io.schema import WHOLE_ROW, EventTable, no_problems, refusals
from geo.messages import join_fields, shown, write_messages


class _Rows:
    """Some rows of a frame, a column taken only when asked for (a message reads one or two)."""

    def __init__(self, frame: pd.DataFrame, mask: np.ndarray):
        self.frame, self.mask = frame, mask
        self.index = frame.index[mask]

    def __getitem__(self, column: str) -> pd.Series:
        return self.frame[column][self.mask]


def quoted(frame: pd.DataFrame | _Rows, column: str) -> pd.Series:
    """A column's values as a message quotes them: 'value', made safe to show by
    :func:`geo.messages.shown` (cut at :data:`settings.MAX_SHOWN_CHARS` characters)."""
    return "'" + shown(frame[column].str.strip()) + "'"


class Problems:
    """The problems found in the rows of ``frame`` (text columns; ``file_row`` their numbers in
    the file) and the rows refused so far (``drop``)."""

    def __init__(self, frame: pd.DataFrame, file_row: np.ndarray):
        self.frame, self.file_row = frame, file_row
        self.drop = np.zeros(len(frame), dtype=bool)
        self.found: list[pd.DataFrame] = []

    def shown_column(self, column: str) -> pd.Series:
        """A column's values as a message shows them, unquoted."""
        return shown(self.frame[column].str.strip())

    def report(
        self,
        mask: Any,
        column: str,
        reason: str,
        template: Any,
        dropped: bool,
        only_kept: bool = True,
        fields: pd.Series | None = None,
        **values: Any,
    ) -> None:
        """Note a problem in every row of ``mask`` (not yet refused, when ``only_kept``): what is
        wrong is ``template`` (a catalogue text, or a column of them) with ``values`` put in, each
        a text, a column of texts, or a function of the rows concerned giving one (made for those
        rows only: a million messages cost seconds); or with ``fields`` already joined."""
        mask = np.asarray(mask, dtype=bool) & (~self.drop if only_kept else True)
        if not mask.any():
            return
        rows = _Rows(self.frame, mask)
        values = {
            name: value(rows) if callable(value) else value[mask] if isinstance(value, pd.Series) else value
            for name, value in values.items()
        }
        templates = template[mask] if isinstance(template, pd.Series) else pd.Series(template, index=rows.index)
        if fields is None:
            fields = pd.Series("", index=rows.index, dtype=object)
            for each in templates.unique():
                alike = (templates == each).to_numpy()
                fields[alike] = join_fields(
                    each, {k: v[alike] if isinstance(v, pd.Series) else v for k, v in values.items()}, rows.index[alike]
                ).to_numpy()
        else:
            fields = fields[mask].astype(object)
        self.found.append(
            pd.DataFrame(
                {
                    "row": self.file_row[mask],
                    "column": column,
                    "reason": reason,
                    "message": write_messages(templates, fields, SOURCE_LANGUAGE).to_numpy(),
                    "dropped": dropped,
                    "template": templates.to_numpy(),
                    "fields": fields.to_numpy(),
                }
            )
        )

    def note_broken(self, broken: pd.DataFrame) -> None:
        """The rows that could not be split into columns (:attr:`RawTable.broken`): refused."""
        self.found.append(
            pd.DataFrame(
                {
                    "row": broken["row"].to_numpy(dtype=np.int64),
                    "column": WHOLE_ROW,
                    "reason": broken["template"].map(BROKEN_REASONS).fillna(N_("malformed row")).to_numpy(),
                    "message": broken["message"].to_numpy(dtype=object),
                    "template": broken["template"].to_numpy(dtype=object),
                    "fields": broken["fields"].to_numpy(dtype=object),
                    "dropped": True,
                }
            )
        )

    def listed(self) -> pd.DataFrame:
        """Every problem in file order, a row's refusals first; a refused row's other problems
        are left out (they no longer matter)."""
        found = [f for f in self.found if len(f)]
        problems = pd.concat(found, ignore_index=True) if found else no_problems()
        refused_rows = problems.loc[problems["dropped"], "row"]
        problems = problems[problems["dropped"] | ~problems["row"].isin(refused_rows)]
        return (
            problems.astype({"row": "int64", "dropped": bool})
            .sort_values(["row", "dropped"], ascending=[True, False], kind="stable")
            .reset_index(drop=True)
        )


def missing_columns_error(name: str, headers: list[str], missing: list[str]) -> EventFileError:
    """One error for a file without the columns it needs: which, and the nearest headers found."""
    keys = {header_key(h): h for h in headers}
    hints = []
    for column in missing:
        candidates = (column, *settings.HEADER_ALIASES.get(column, ()))
        near = {keys[k] for c in candidates for k in difflib.get_close_matches(header_key(c), keys, n=2, cutoff=0.6)}
        if near:
            hints.append((column, ", ".join(f"'{shown(h)}'" for h in sorted(near))))
    listed = ", ".join(f"'{shown(h)}'" for h in headers[:12]) + (", …" if len(headers) > 12 else "")
    named = [f"{c} ({settings.HEADER_ALIASES[c][0]})" if settings.HEADER_ALIASES.get(c) else c for c in missing]

    def message(lang: str) -> str:
        near = "; ".join(t("{column}: nearest header {headers}", lang, column=c, headers=h) for c, h in hints)
        return t(
            "'{name}' lacks the column(s) {columns}{hints}. Its headers are {headers}. An events file needs "
            "{required}, and latitude and longitude or a place (admin1, admin2, admin3 or location); ACLED "
            "names or their Spanish equivalents (fecha, tipo, fallecidos, latitud, longitud, departamento, "
            "provincia, distrito, lugar) are understood",
            lang,
            name=name,
            columns=", ".join(named),
            hints=f" ({near})" if near else "",
            headers=listed or t("none", lang),
            required=", ".join(settings.REQUIRED_COLUMNS),
        )

    return EventFileError(message("en"), told=message)


def events_frame(frame: pd.DataFrame, parsed: dict[str, pd.Series], file_row: np.ndarray) -> pd.DataFrame:
    """The events' columns (:data:`settings.EVENT_COLUMNS`): those ``parsed`` as the checks read
    them (in their types), the others as text, stripped."""
    events = frame[list(settings.EVENT_COLUMNS)].copy()
    for column in settings.EVENT_COLUMNS:
        events[column] = parsed[column] if column in parsed else events[column].str.strip()
    events["source_row"] = file_row
    return events


def check_ids(problems: Problems, events: pd.DataFrame) -> None:
    """Refuse a row whose ``event_id_cnty`` an earlier kept row holds; name the rows without one
    by their row number ("row-14")."""
    ids, drop, file_row = events["event_id_cnty"], problems.drop, problems.file_row
    kept = ~pd.Series(drop, index=ids.index)
    duplicate = ((ids != "") & ids.where(kept).duplicated(keep="first") & kept).to_numpy()

    def first_row(f) -> pd.Series:  # "'A1' repeats row 2": the row that kept the id
        again = f["event_id_cnty"]
        firsts = ids[~drop & ~duplicate & ids.isin(set(again)).to_numpy()]
        return again.map(pd.Series(file_row[firsts.index], index=firsts.to_numpy())).fillna(0).astype(int).astype(str)

    problems.report(
        duplicate,
        "event_id_cnty",
        N_("duplicate event id"),
        N_("{value} repeats row {row} (re-exports overlap)"),
        True,
        value=lambda rows: quoted(rows, "event_id_cnty"),
        row=first_row,
    )
    problems.drop |= duplicate
    missing_id = (ids == "").to_numpy() & ~problems.drop
    events.loc[missing_id, "event_id_cnty"] = ["row-" + str(r) for r in file_row[missing_id]]


def table_of(raw: RawTable, name: str, problems: Problems, parsed: dict[str, pd.Series]) -> EventTable:
    """The :class:`EventTable` of a checked file: its kept rows as events, every problem, the
    refused rows as the file wrote them."""
    events = events_frame(problems.frame, parsed, raw.rows)
    check_ids(problems, events)
    problems.note_broken(raw.broken)
    listed = problems.listed()
    rejected = rejected_rows(raw, problems.drop, listed)
    kept = events[~problems.drop].reset_index(drop=True)
    return EventTable(
        kept, listed, name, rejected, raw.total, raw.kind, raw.unit, raw.renamed, line_count=raw.line_count
    )


def rejected_rows(raw: RawTable, drop: np.ndarray, problems: pd.DataFrame) -> pd.DataFrame:
    """The refused rows as the file wrote them, with ``row`` and ``reason`` (every problem of the
    row that refused it), in file order; rows that could not be split keep their text in ``raw_text``."""
    reasons = refusals(problems, raw.renamed, problems["message"], SOURCE_LANGUAGE)
    rows = raw.frame[drop].rename(columns={v: k for k, v in raw.renamed.items()})
    # A file's own `row` or `reason` (a rejected-rows file opened again) keeps its values beside ours.
    rows = rows.rename(columns={c: f"{c} (in the file)" for c in ("row", "reason") if c in rows})
    rows.insert(0, "row", raw.rows[drop])
    broken = pd.DataFrame({"row": raw.broken["row"], "raw_text": raw.broken["text"]})
    out = pd.concat([rows, broken], ignore_index=True) if len(broken) else rows
    out = out.sort_values("row", kind="stable").reset_index(drop=True)
    out.insert(1, "reason", out["row"].map(reasons).fillna(""))
    return out.fillna("")
