"""Command line: ``python -m geo summary``, ``mines`` and ``tolls`` print CSV to stdout;
``render`` writes a report map (PNG, PDF or SVG) or the interactive map as one HTML file;
``validate`` checks an events file and can write its rejected rows.

The output is a stable contract for scripted reports: columns, order and the UNASSIGNED row do
not change. Errors are one line on stderr and exit status 2; problems with single rows of the
events file are listed on stderr while the good rows are still counted.
"""

import argparse
import csv
import sys
from datetime import date
from pathlib import Path

import pandas as pd

from geo import settings
from geo.analysis.aggregate import EventFilter, filter_mask, region_counts
from geo.analysis.dataset import Bundle, load_bundle
from geo.analysis.deaths import fatality_kinds
from geo.analysis.mines import check_radius, mine_counts
from geo.analysis.tolls import compare_tolls
from geo.errors import ArgumentError, EventFileError, GeoDashError
from geo.i18n import LANGUAGES, SOURCE_LANGUAGE, number, t
from geo.io.events import report_lines
from geo.io.parse import acled_types
from geo.io.reader import read_table
from geo.messages import shown
from geo.place.locate import validate_events, with_bundled
from geo.report.exports import rejected_csv
from geo.report.render import SIZES, render_map, report_filter
from geo.report.standalone import write_html
from geo.store.cli import add_db_commands, run_db


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a real date in the form YYYY-MM-DD") from None


def _radius(text: str) -> float:
    try:
        return check_radius(float(text))
    except (ValueError, ArgumentError) as error:
        message = str(error) if isinstance(error, ArgumentError) else f"'{text}' is not a number"
        raise argparse.ArgumentTypeError(message) from None


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, no usage block, exit 2
        self.exit(2, f"error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    """The parser of ``python -m geo`` (``peru-map``): its five commands and their flags."""
    parser = _Parser(prog="python -m geo", description="Protest events in Peru, counted by region and mine.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    summary = commands.add_parser("summary", help="events and fatalities (by kind) per region, CSV")
    _add_filters(summary)
    summary.add_argument("--level", choices=settings.LEVELS, default="department")
    mines = commands.add_parser("mines", help="events and fatalities near each mine, CSV")
    _add_filters(mines)
    mines.add_argument("--radius-km", type=_radius, default=settings.DEFAULT_RADIUS_KM, metavar="KM")
    _add_render(commands)
    _add_validate(commands)
    add_db_commands(commands)
    tolls = commands.add_parser("tolls", help="published death tolls beside the deaths the events itemize, CSV")
    tolls.add_argument("--events", metavar="PATH", help="events file (default: the bundled events)")
    tolls.add_argument(
        "--with-bundled", action="store_true", help="count the --events file together with the bundled events"
    )
    tolls.add_argument("--end", type=_day, metavar="YYYY-MM-DD", help="only tolls published up to this day")
    return parser


def _add_filters(sub: argparse.ArgumentParser) -> None:
    """The events file and the filter that summary, mines and render share."""
    sub.add_argument(
        "--events",
        metavar="PATH",
        help="events file: CSV, Excel, GeoJSON or "
        "(Geo)Parquet with ACLED or Spanish headers (default: the bundled events)",
    )
    sub.add_argument(
        "--with-bundled", action="store_true", help="count the --events file together with the bundled events"
    )
    sub.add_argument("--start", type=_day, metavar="YYYY-MM-DD", help="first day, inclusive")
    sub.add_argument("--end", type=_day, metavar="YYYY-MM-DD", help="last day, inclusive")
    sub.add_argument(
        "--type", dest="types", nargs="+", metavar="EVENT_TYPE", help="only these event types (e.g. Protests Riots)"
    )


def _add_render(commands: "argparse._SubParsersAction[_Parser]") -> None:
    render = commands.add_parser("render", help="a report map as PNG, PDF, SVG or HTML (the suffix of --out)")
    _add_filters(render)
    render.add_argument("--level", choices=settings.LEVELS, default="department")
    render.add_argument("--metric", choices=list(settings.METRICS), default=settings.DEFAULT_METRIC)
    render.add_argument(
        "--region",
        metavar="CODE",
        help="a department's code (e.g. 21 for Puno): the map "
        "shows it alone, with its provinces (or districts with --level district)",
    )
    render.add_argument("--size", choices=list(SIZES), default="a4-landscape")
    render.add_argument("--dpi", type=int, default=300)
    render.add_argument(
        "--lang",
        choices=list(LANGUAGES),
        default=SOURCE_LANGUAGE,
        help="the language of the map's title, legend and notes ("
        + ", ".join(f"{code}: {name}" for code, name in LANGUAGES.items())
        + ")",
    )
    render.add_argument(
        "--out",
        required=True,
        metavar="FILE",
        help="where to write: .png, .pdf or .svg (a report map), .html (the "
        "interactive map as one file that opens with no internet)",
    )


def _add_validate(commands: "argparse._SubParsersAction[_Parser]") -> None:
    validate = commands.add_parser(
        "validate",
        help="check an events file: rows accepted and rejected by "
        "reason; --rejected writes the refused rows with a 'reason' column",
    )
    validate.add_argument(
        "path",
        metavar="PATH",
        help="events file: CSV (comma, semicolon or tab), Excel "
        ".xlsx, GeoJSON or (Geo)Parquet, with ACLED or Spanish headers",
    )
    validate.add_argument("--rejected", metavar="OUT.csv", help="write the rejected rows here")
    validate.add_argument(
        "--with-bundled", action="store_true", help="also refuse rows whose event id the bundled events already hold"
    )


def _check_types(requested: list[str] | None, known: list[str]) -> tuple[str, ...] | None:
    """The event types asked for, as ACLED names them (``Protestas`` is ``Protests``)."""
    if requested is None:
        return None
    requested = acled_types(pd.Series(requested, dtype=object)).tolist()
    unknown = [name for name in requested if name not in known]
    if unknown:
        raise ArgumentError.said(
            "unknown event type(s) {types}; the file has: {known}",
            types=", ".join(shown(name) for name in unknown),
            known=", ".join(shown(name) for name in known),
        )
    return tuple(requested)


def _validate(args) -> int:
    table = validate_events(read_table(args.path))
    if args.with_bundled:
        table = with_bundled(table)
    print("\n".join(report_lines(table)))
    if args.rejected:
        try:
            Path(args.rejected).write_bytes(rejected_csv(table))
        except OSError as error:
            raise EventFileError(f"cannot write {args.rejected}: {error.strerror or error}") from None
        print(f"wrote {table.rejected_count:,} rejected row(s) to {args.rejected}")
    return 0


def run(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = build_parser().parse_args(argv)
    lang = getattr(args, "lang", SOURCE_LANGUAGE)  # render's --lang; the CSV commands write English
    try:
        if args.command == "validate":
            return _validate(args)
        if args.command == "db":
            return run_db(args)
        if args.with_bundled and not args.events:
            raise ArgumentError.said("--with-bundled adds an --events file to the bundled events: give --events PATH")
        bundle = load_bundle(args.events, add_bundled=args.with_bundled)
        event_filter = EventFilter(
            getattr(args, "start", None), args.end, _check_types(getattr(args, "types", None), bundle.event_types)
        )
    except GeoDashError as error:
        print(t("error: {error}", lang, error=error.told(lang)), file=sys.stderr)
        return 2
    if not bundle.bundled and (len(bundle.table.problems) or bundle.table.renamed):
        print(
            "\n".join(t("note: {line}", lang, line=line) for line in report_lines(bundle.table, 5, lang=lang)),
            file=sys.stderr,
        )
    if args.command == "render":
        return _render(args, bundle, event_filter, lang)
    _write_csv(args, bundle, event_filter)
    return 0


def _render(args: argparse.Namespace, bundle: Bundle, event_filter: EventFilter, lang: str) -> int:
    """``render``: the report map, or the interactive map as one HTML file; the exit status."""
    try:
        if Path(args.out).suffix.lower() == ".html":
            checked, level = report_filter(bundle, event_filter, args.level, args.metric, args.region)
            path = write_html(bundle, args.out, checked, level, args.metric, args.region, lang=args.lang)
            print(
                t(
                    "wrote {path} ({size} bytes; opens from disk with no internet)",
                    lang,
                    path=path,
                    size=number(path.stat().st_size, lang),
                )
            )
            return 0
        rendered = render_map(
            bundle,
            args.out,
            event_filter,
            args.level,
            args.metric,
            args.region,
            args.size,
            args.dpi,
            lang=args.lang,
        )
    except GeoDashError as error:
        print(t("error: {error}", lang, error=error.told(lang)), file=sys.stderr)
        return 2
    except OSError as error:
        print(
            t("error: cannot write {path}: {reason}", lang, path=args.out, reason=error.strerror or error),
            file=sys.stderr,
        )
        return 2
    print(
        t(
            "wrote {path} ({width} × {height} px at {dpi} dpi)",
            lang,
            path=rendered.path,
            width=number(rendered.width_px, lang),
            height=number(rendered.height_px, lang),
            dpi=args.dpi,
        )
    )
    return 0


def _write_csv(args: argparse.Namespace, bundle: Bundle, event_filter: EventFilter) -> None:
    """``summary``, ``mines`` or ``tolls``: their CSV on stdout (a stable contract: columns and
    their order do not change)."""
    writer = csv.writer(sys.stdout, lineterminator="\n")
    if args.command == "tolls":
        writer.writerow(["as_of", "published_total", "itemized_total", "difference", "source_url"])
        for toll in compare_tolls(bundle.events, args.end):
            writer.writerow(
                [toll.as_of.isoformat(), toll.published_total, toll.itemized_total, toll.difference, toll.source_url]
            )
        return
    mask = filter_mask(bundle.events, event_filter)
    kinds = list(fatality_kinds(bundle.events))
    if args.command == "summary":
        table = region_counts(bundle.events, args.level, mask)
        columns = ["code", "name", "events", "fatalities", *kinds]
        writer.writerow(columns)
        writer.writerows(table[columns].itertuples(index=False))
        return
    table = mine_counts(bundle.events, args.radius_km, mask, bundle.mines)
    table = table[table["has_location"]]
    columns = [
        "department",
        "latitude",
        "longitude",
        "events",
        "fatalities",
        *kinds,
        "named_events",
        "named_fatalities",
    ]
    writer.writerow(["mine", *columns])
    writer.writerows(table[["name", *columns]].itertuples(index=False))
