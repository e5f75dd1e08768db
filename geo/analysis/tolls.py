"""Published death tolls, set beside the deaths the events table itemizes.

``data/reference/published_tolls.csv`` holds the Defensoría del Pueblo's totals as published on
five dates, each with the split it gave (civilians killed in the protests, police, linked to
roadblocks, other) and its
source. The table itemizes fewer deaths than those totals (most deaths linked to roadblocks are not
in it); a reader quoting a number needs both, and the difference explained.
"""

from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache

import pandas as pd

from geo import settings
from geo.analysis.codes import EventCodes, day_number, day_numbers
from geo.analysis.deaths import deaths_by_kind, deaths_words, describe
from geo.i18n import N_, count, day, number, t

# Columns of the published split and the fatality kind each corresponds to ("other" has none).
SPLIT_COLUMNS = {
    "in_clashes": "clashes",
    "police": "police",
    "blockade_related": "blockade",
    "other_or_unexplained": "other",
}
# Each part of the split in words: (one death, several with {n}).
_SPLIT_WORDS = {
    "clashes": (N_("1 civilian killed in the protests"), N_("{n} civilians killed in the protests")),
    "police": (N_("1 death of a police officer"), N_("{n} deaths of police officers")),
    "blockade": (N_("1 death linked to roadblocks"), N_("{n} deaths linked to roadblocks")),
    "other": (N_("1 other or unexplained death"), N_("{n} other or unexplained deaths")),
}
# The parts a published toll does not separate, named as a group.
_SPLIT_NAMES = {
    "clashes": N_("civilians killed in the protests"),
    "police": N_("deaths of police officers"),
    "blockade": N_("deaths linked to roadblocks"),
    "other": N_("other or unexplained deaths"),
}


@lru_cache(maxsize=1)
def _read_tolls() -> pd.DataFrame:
    tolls = pd.read_csv(settings.TOLLS_FILE, dtype=str, keep_default_na=False)
    tolls["as_of"] = pd.to_datetime(tolls["as_of"], format="%Y-%m-%d")
    tolls["total"] = tolls["total"].astype(int)
    return tolls.sort_values("as_of").reset_index(drop=True)


def _words(count: int, kind: str, lang: str) -> str:
    one, many = _SPLIT_WORDS[kind]
    return t(one, lang) if count == 1 else t(many, lang, n=number(count, lang))


def _join(parts: list[str], lang: str) -> str:
    """ "a, b and c" ("a, b y c")."""
    return parts[0] if len(parts) == 1 else t("{items} and {last}", lang, items=", ".join(parts[:-1]), last=parts[-1])


@dataclass(frozen=True)
class TollComparison:
    """One published toll beside the table's deaths up to (and including) its date."""

    as_of: date
    published_by: str
    published_total: int
    published_split: dict[str, int | None]  # clashes, police, blockade, other; None = not given
    itemized: dict[str, int]  # by kind, dated on or before as_of
    source_url: str
    basis: str = ""  # what the reporting article says the figure rests on (published_tolls.csv)
    later: dict[str, int] = field(default_factory=dict)  # by kind, after as_of up to a period's end

    @property
    def itemized_total(self) -> int:
        return sum(self.itemized.values())

    @property
    def difference(self) -> int:
        """Published minus itemized: deaths in the toll that the table does not itemize."""
        return self.published_total - self.itemized_total

    def explanation(self, lang: str = "en") -> str:
        """One sentence on the difference, in the published split's own terms where it gives one."""
        missing = [k for k, v in self.published_split.items() if v is None]
        if self.itemized.get(settings.UNKNOWN_KIND):
            return self._unsplit_explanation(lang)
        if missing:
            return self._partly_split_explanation(missing, lang)
        sentences = self._by_kind_sentences(lang)
        if not sentences:
            return t("Every death in the published toll is itemized in the table.", lang)
        text = " ".join(sentences)
        return text[0].upper() + text[1:]

    def _unsplit_explanation(self, lang: str) -> str:
        """The difference in all, for an events file that does not say who died."""
        gap = number(abs(self.difference), lang)
        if self.difference >= 0:
            return t(
                "The events file does not say who died, so the difference cannot be split by kind; in all, "
                "{n} of its deaths are not in the file.",
                lang,
                n=gap,
            )
        return t(
            "The events file does not say who died, so the difference cannot be split by kind; the file "
            "holds {n} more deaths than it.",
            lang,
            n=gap,
        )

    def _partly_split_explanation(self, missing: list[str], lang: str) -> str:
        """The difference in all, for a toll that does not separate the kinds ``missing``."""
        gap = number(abs(self.difference), lang)
        if len(missing) == len(self.published_split):
            given = t("The published toll gives no split", lang)
        else:
            given = t(
                "The published toll does not separate {parts}",
                lang,
                parts=_join([t(_SPLIT_NAMES[k], lang) for k in missing], lang),
            )
        if self.difference >= 0:
            return given + t("; in all, {n} of its deaths are not itemized in the table.", lang, n=gap)
        return given + t("; the table itemizes {n} more deaths than it.", lang, n=gap)

    def _by_kind_sentences(self, lang: str) -> list[str]:
        """The difference kind by kind, for a toll split by kind: what the table lacks, what it
        has beyond the split, and its deaths of kinds the split has no place for."""
        short: dict[str, int] = {}
        extra: dict[str, int] = {}
        for kind, published in self.published_split.items():
            gap = (published or 0) - self.itemized.get(kind, 0)
            if gap > 0:
                short[kind] = gap
            elif gap < 0:
                extra[kind] = -gap
        outside = {k: n for k, n in self.itemized.items() if n and k not in self.published_split}
        sentences = []
        if short:
            parts = _join([_words(n, k, lang) for k, n in short.items()], lang)
            sentences.append(
                t("{parts} is not itemized in the table.", lang, parts=parts)
                if list(short.values()) == [1]
                else t("{parts} are not itemized in the table.", lang, parts=parts)
            )
        if extra:
            sentences.append(
                t(
                    "The table itemizes {parts} more than the published split.",
                    lang,
                    parts=_join([_words(n, k, lang) for k, n in extra.items()], lang),
                )
            )
        if outside:
            sentences.append(
                t(
                    "The published split has no place for the table's {parts}.",
                    lang,
                    parts=_join([deaths_words(n, k, lang) for k, n in outside.items()], lang),
                )
            )
        return sentences

    def later_sentence(self, lang: str = "en") -> str:
        """What the table holds after the toll's date (up to the period's end), or ""."""
        total = sum(self.later.values())
        if not total:
            return ""
        return t(
            "The table has {deaths} dated after {day} ({kinds}), which no bundled toll covers.",
            lang,
            deaths=count(total, "1 death", "{n} deaths", lang),
            day=day(self.as_of, lang),
            kinds=describe(self.later, lang),
        )


def compare_tolls(events: pd.DataFrame, end: date | None = None) -> list[TollComparison]:
    """Every published toll dated on or before ``end`` (all when ``None``), oldest first, each
    beside the deaths ``events`` itemizes from its first day to the toll's date."""
    tolls = _read_tolls()
    if end is not None:
        tolls = tolls[tolls["as_of"] <= pd.Timestamp(end)]
    comparisons = []
    for toll in tolls.to_dict("records"):
        as_of: pd.Timestamp = toll["as_of"]
        upto = (events["event_date"] < as_of + pd.Timedelta(days=1)).to_numpy()
        split = {kind: (int(toll[column]) if toll[column] != "" else None) for column, kind in SPLIT_COLUMNS.items()}
        comparisons.append(
            TollComparison(
                as_of=as_of.date(),
                published_by=toll["published_by"],
                published_total=int(toll["total"]),
                published_split=split,
                itemized=deaths_by_kind(events, upto),
                source_url=toll["source_url"],
                basis=toll["as_of_basis"],
            )
        )
    return comparisons


def latest_toll(
    events: pd.DataFrame,
    end: date | None,
    comparisons: list[TollComparison] | None = None,
    codes: EventCodes | None = None,
) -> TollComparison | None:
    """The latest published toll on or before ``end``, or ``None`` if none was published by then.

    Its ``later`` holds the deaths ``events`` dates after the toll, up to ``end`` (all of them
    when ``end`` is ``None``): deaths that no published toll in the list can account for.
    ``comparisons``, when given, is :func:`compare_tolls` of the same events, already computed;
    ``codes``, when given, their :class:`geo.analysis.codes.EventCodes`.
    """
    comparisons = compare_tolls(events) if comparisons is None else comparisons
    comparisons = [t for t in comparisons if end is None or t.as_of <= end]
    if not comparisons:
        return None
    toll = comparisons[-1]
    days = day_numbers(events["event_date"]) if codes is None else codes.day
    after = days > day_number(toll.as_of)
    if end is not None:
        after &= days <= day_number(end)
    return replace(toll, later=deaths_by_kind(events, after) if codes is None else codes.deaths_by_kind(after))


def toll_line(toll: TollComparison | None, tolls: list[TollComparison], lang: str = "en") -> str:
    """One line for a printed map or a figure: the deaths shown are those itemized in the data,
    beside ``toll`` (:func:`latest_toll`, the latest on or before the period's end) or, when there
    is none, the first of ``tolls``, which came after it."""
    if toll is not None:
        return t(
            "Deaths are those itemized in the data; the Defensoría del Pueblo's national count was {total} on {day}.",
            lang,
            total=number(toll.published_total, lang),
            day=day(toll.as_of, lang),
        )
    if not tolls:
        return t("Deaths are those itemized in the data.", lang)
    return t(
        "Deaths are those itemized in the data; the Defensoría del Pueblo's first national count in this "
        "page, {total} on {day}, came after the period's end.",
        lang,
        total=number(tolls[0].published_total, lang),
        day=day(tolls[0].as_of, lang),
    )
