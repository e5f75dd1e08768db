"""An events file's account: the bundled events joined with a user's, and what the command line
prints (and the page shows) about a file.

Checking a file is :mod:`geo.io.validate`; placing its events :mod:`geo.place.locate`, whose
``read_events``, ``validate_events`` and ``with_bundled`` are what callers use.
"""

import numpy as np
import pandas as pd

from geo import settings
from geo.i18n import N_, SOURCE_LANGUAGE, number, t
from geo.io.reader import kind_words
from geo.io.schema import EventTable, refusals
from geo.io.tally import quoted
from geo.messages import join_fields, shown, write_messages

OTHER_TYPES_NAMED = 8  # the file check names this many of a file's types that are not ACLED's


def combined(base: EventTable, user: EventTable) -> EventTable:
    """The events of ``base`` (the bundled ones: :func:`geo.place.locate.with_bundled`) followed
    by a user's accepted rows, one event per id: a row whose ``event_id_cnty`` ``base`` already
    holds is refused as a duplicate."""
    duplicate = user.events["event_id_cnty"].isin(base.events["event_id_cnty"]).to_numpy()
    again = user.events[duplicate]
    template = N_("{value} is already among the bundled events")
    value = quoted(again, "event_id_cnty")
    problems = pd.DataFrame(
        {
            "row": again["source_row"].to_numpy(dtype=np.int64),
            "column": "event_id_cnty",
            "reason": N_("already bundled"),
            "message": "",
            "dropped": True,
            "template": template,
            "fields": join_fields(template, {"value": value}, value.index).to_numpy(),
        }
    )
    problems["message"] = write_messages(problems["template"], problems["fields"], SOURCE_LANGUAGE).to_numpy()
    problems = pd.concat([user.problems, problems], ignore_index=True).sort_values("row", kind="stable")
    written = {column: header for header, column in user.renamed.items()}  # back to the file's headers
    refused = again.astype(str).rename(columns={"source_row": "row", **written})
    refused = refused[["row", *(c for c in user.rejected.columns if c in refused and c not in ("row", "reason"))]]
    refused.insert(
        1,
        "reason",
        refusals(problems, user.renamed, problems["message"], SOURCE_LANGUAGE)
        .reindex(refused["row"].astype(int))
        .to_numpy(),
    )
    rejected = pd.concat([user.rejected, refused], ignore_index=True).fillna("")
    rejected = rejected.sort_values("row", key=lambda r: pd.to_numeric(r), kind="stable").reset_index(drop=True)
    events = pd.concat([base.events, user.events[~duplicate]], ignore_index=True)
    return EventTable(
        events,
        problems.reset_index(drop=True),
        user.source_name,
        rejected,
        user.total,
        user.kind,
        user.unit,
        user.renamed,
        bundled_rows=len(base.events),
        line_count=user.line_count,
    )


def report_lines(table: EventTable, limit: int = 20, hint: bool = True, lang: str = "en") -> list[str]:
    """What the command line prints (and the page shows) about a file: the accounting, the
    reasons, event types the map cannot colour, the first ``limit`` problems; in ``lang``."""
    lines = [f"{shown(table.source_name)} ({kind_words(table.kind, lang)}): {table.summary(lang)}"]
    if table.renamed:
        read_as = ", ".join(f"{shown(k)} → {v}" for k, v in table.renamed.items())
        lines.append(t("headers read as:", lang) + " " + read_as)
    if table.bundled_rows:
        lines.append(t("shown with the {n} bundled events", lang, n=number(table.bundled_rows, lang)))
    for title, counts in (
        (t("rejected:", lang), table.rejected_by_reason()),
        (t("kept, with a value cleared or corrected:", lang), table.warnings_by_reason()),
    ):
        if len(counts):
            lines.append(title)
            lines += [f"  {number(count, lang):>9}  {t(str(reason), lang)}" for reason, count in counts.items()]
    placed = table.events["placed_at"].iloc[table.bundled_rows :]
    placed = placed[placed != ""].value_counts()
    if placed.sum():
        lines.append(
            t(
                "placed by the gazetteer (no coordinates): {n} ({towns} at a town, {districts} somewhere in a "
                "district)",
                lang,
                n=number(int(placed.sum()), lang),
                towns=number(int(placed.get(settings.PLACED_AT_TOWN, 0)), lang),
                districts=number(int(placed.get(settings.PLACED_AT_DISTRICT, 0)), lang),
            )
        )
    # A type that is not one of ACLED's is kept, but the map can only draw it grey: say so.
    types = table.events["event_type"].iloc[table.bundled_rows :]
    other = types[~types.isin(settings.EVENT_TYPE_COLORS)].value_counts()
    if len(other):
        named = ", ".join(f"{shown(name)} ({number(n, lang)})" for name, n in other.head(OTHER_TYPES_NAMED).items())
        lines.append(
            t(
                "event types that are not ACLED's, drawn grey as “other”: {types}",
                lang,
                types=named + (", …" if len(other) > OTHER_TYPES_NAMED else ""),
            )
        )
    lines += table.problem_lines(limit, lang)
    if hint and len(table.problems) > limit:
        lines.append(
            t(
                "… and {n} more (python -m geo validate PATH --rejected OUT.csv writes the rejected rows)",
                lang,
                n=number(len(table.problems) - limit, lang),
            )
        )
    return lines
