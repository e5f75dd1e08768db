"""Report maps as PNG, PDF or SVG, drawn with matplotlib: no browser needed.

The same classes and colours as the interactive map (:func:`geo.classify.classify`), a title and a
subtitle naming the period and the filter, the classed legend with its unit, the mines labelled,
a scale bar, a north arrow, an inset when one department is in focus, and the sources with the
day the figure was made. Text stays text in PDF and SVG.
"""

import tempfile
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import matplotlib
import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from . import settings
from .aggregate import EventFilter, period_label
from .boundaries import load_regions, region_names
from .bundle import Bundle, make_view
from .classify import classify
from .errors import ArgumentError
from .exports import export_file_name

matplotlib.rcParams.update({"svg.fonttype": "none", "pdf.fonttype": 42, "font.family": "DejaVu Sans"})

# Pixel sizes at 300 dpi (A4 is 297 × 210 mm; a slide is 16:9).
SIZES = {"a4-landscape": (3508, 2480), "a4-portrait": (2480, 3508), "slide": (3840, 2160)}
FORMATS = (".png", ".pdf", ".svg")
_REFERENCE_DPI = 300
HATCH, ZERO_HATCH = "////", "#9a9a9a"  # the zero class: light grey, hatched


@dataclass(frozen=True)
class Rendered:
    """A written report map, and where a place falls on its PNG (for checks)."""

    path: Path
    width_px: int
    height_px: int
    _transform: object

    def pixel(self, lon: float, lat: float) -> tuple[int, int]:
        """(column, row) of the point in the image, counted from the top left."""
        x, y = self._transform.transform((lon, lat))
        return int(round(x)), int(round(self.height_px - y))


def _scale_bar_km(width_deg: float, lat: float) -> int:
    """A round length about a fifth of the map's width."""
    km = width_deg * 111.32 * np.cos(np.radians(lat)) / 5
    return int(next(step for step in (1000, 500, 200, 100, 50, 20, 10, 5, 2, 1) if step <= km) if km >= 1 else 1)


def mine_labels(mines, near_deg: float) -> list[tuple[tuple[float, float], list[str]]]:
    """One label per cluster of mines closer than ``near_deg`` to the first of the cluster (file
    order), naming them all: neighbours such as Antapaccay, Tintaya and Quechua share one label
    instead of printing over each other."""
    labels: list[tuple[tuple[float, float], list[str]]] = []
    for mine in mines.itertuples():
        for (lon, lat), names in labels:
            if abs(mine.longitude - lon) < near_deg and abs(mine.latitude - lat) < near_deg:
                names.append(mine.name)
                break
        else:
            labels.append(((mine.longitude, mine.latitude), [mine.name]))
    return labels


def report_filter(bundle: Bundle, event_filter: EventFilter | None, level: str, metric: str,
                  region: str | None) -> tuple[EventFilter, str]:
    """The filter and level a report shows, checked: the whole file's dates unless given, and with
    ``region`` (a department's code) that department alone at province (or district) level."""
    if metric not in settings.METRICS:
        raise ArgumentError(f"metric must be one of {', '.join(settings.METRICS)}, not '{metric}'")
    event_filter = event_filter or EventFilter()
    if region is not None:
        if region not in region_names("department").index:
            raise ArgumentError(f"no department has the code '{region}'")
        event_filter = replace(event_filter, department=region)
        level = "district" if level == "district" else "province"
    if metric == settings.RATE_METRIC and level != "department":
        raise ArgumentError("events per 100,000 inhabitants exist only at department level")
    return replace(event_filter, start=event_filter.start or bundle.first_day,
                   end=event_filter.end or bundle.last_day), level


def render_map(bundle: Bundle, out: str | Path, event_filter: EventFilter | None = None, level: str = "department",
               metric: str = "events", region: str | None = None, size: str = "a4-landscape",
               dpi: int = _REFERENCE_DPI) -> Rendered:
    """Draw the map of ``bundle`` under ``event_filter`` and write it to ``out`` (its suffix picks
    the format). ``region`` (a department's code) focuses the map on it and draws its provinces
    (or districts with ``level="district"``)."""
    out = Path(out)
    if out.suffix.lower() not in FORMATS:
        raise ArgumentError(f"the output must end in {', '.join(FORMATS)} or .html, not '{out.suffix or out.name}'")
    if size not in SIZES:
        raise ArgumentError(f"size must be one of {', '.join(SIZES)}, not '{size}'")
    event_filter, level = report_filter(bundle, event_filter, level, metric, region)
    start, end = event_filter.start, event_filter.end
    view = make_view(bundle, event_filter, level)

    regions = load_regions(level, "map")
    if region is not None:
        regions = regions[regions["code"].str.startswith(region)]
    values = view.counts.set_index("code")[metric].reindex(regions["code"]).astype(float).fillna(0.0)
    integer = metric != settings.RATE_METRIC
    classes = classify(values, integer=integer)

    width_px, height_px = SIZES[size]
    fig = Figure(figsize=(width_px / _REFERENCE_DPI, height_px / _REFERENCE_DPI), dpi=dpi)
    portrait = height_px > width_px
    ax = fig.add_axes((0.04, 0.12, 0.92, 0.66) if portrait else (0.03, 0.08, 0.62, 0.76))
    border = 0.4 if level == "department" else 0.2
    regions.plot(ax=ax, color=[classes.color_for(v) for v in values], edgecolor="#555555", linewidth=border)
    # The zero class is hatched: in greyscale its light grey and the first class's pale yellow
    # are the same (CIE L* 96 and 98); the classes above it step down by 14-16.
    zero = (values == 0).to_numpy()
    if zero.any():
        regions[zero].plot(ax=ax, facecolor="none", edgecolor=ZERO_HATCH, hatch=HATCH, linewidth=0)
        regions[zero].boundary.plot(ax=ax, color="#555555", linewidth=border)
    if level != "department":  # department borders over the finer regions
        departments = load_regions("department", "map")
        if region is not None:
            departments = departments[departments["code"] == region]
        departments.boundary.plot(ax=ax, color="#222222", linewidth=0.8)

    mines = view.mines[view.mines["has_location"]]
    west, south, east, north = regions.total_bounds
    inside = mines[mines["longitude"].between(west, east) & mines["latitude"].between(south, north)]
    for project, face in ((False, "#000000"), (True, "#ffffff")):
        chosen = inside[inside["is_project"] == project]
        ax.scatter(chosen["longitude"], chosen["latitude"], marker="D", s=28, facecolor=face,
                   edgecolor="#000000", linewidth=0.8, zorder=5)
    for (lon, lat), names in mine_labels(inside, 0.025 * (east - west)):
        ax.annotate(" · ".join(names), (lon, lat), xytext=(4, 3), textcoords="offset points",
                    fontsize=6, zorder=6, bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.7})

    ax.set_xlim(west - 0.02 * (east - west), east + 0.02 * (east - west))
    ax.set_ylim(south - 0.02 * (north - south), north + 0.02 * (north - south))
    ax.set_aspect(1 / np.cos(np.radians((south + north) / 2)))
    ax.set_axis_off()

    # Scale bar (bottom left) and north arrow (top right), in axes fractions.
    km = _scale_bar_km(east - west, (south + north) / 2)
    bar_deg = km / (111.32 * np.cos(np.radians((south + north) / 2)))
    x0, y0 = west, south + 0.01 * (north - south)
    ax.plot([x0, x0 + bar_deg], [y0, y0], color="#000000", linewidth=3, solid_capstyle="butt", zorder=7)
    ax.text(x0 + bar_deg / 2, y0 + 0.015 * (north - south), f"{km:,} km", ha="center", va="bottom", fontsize=8)
    ax.annotate("N", xy=(0.97, 0.97), xytext=(0.97, 0.87), xycoords="axes fraction", ha="center", fontsize=11,
                fontweight="bold", arrowprops={"arrowstyle": "-|>", "color": "#000000", "lw": 1.5})

    where = region_names("department")[region] if region else "Peru"
    unit = settings.METRICS[metric]
    fig.text(0.03, 0.95, f"{unit} by {level}, {where}", fontsize=20, fontweight="bold", va="top")
    types = "all event types" if event_filter.event_types is None else ", ".join(event_filter.event_types)
    fig.text(0.03, 0.905, f"{period_label(start, end)} · {types} · {view.headline.events:,} events, "
             f"{view.headline.fatalities:,} deaths", fontsize=11, va="top")

    handles = [Patch(facecolor=settings.ZERO_COLOR, edgecolor=ZERO_HATCH, hatch=HATCH, label="0")]
    handles += [Patch(facecolor=c, edgecolor="#555555", label=lab) for c, lab in zip(classes.colors, classes.labels)]
    handles += [matplotlib.lines.Line2D([], [], marker="D", color="none", markerfacecolor=f, markeredgecolor="#000000",
                                        label=lab) for f, lab in (("#000000", "mine"), ("#ffffff", "project"))]
    fig.legend(handles=handles, title=unit, loc="upper left",
               bbox_to_anchor=(0.06, 0.3) if portrait else (0.68, 0.8), fontsize=9, title_fontsize=10, frameon=False)

    if region is not None:  # where the department lies in Peru
        inset = fig.add_axes((0.72, 0.06, 0.2, 0.2) if portrait else (0.70, 0.12, 0.22, 0.26))
        peru = load_regions("department", "map")
        peru.plot(ax=inset, color="#eeeeee", edgecolor="#999999", linewidth=0.2)
        peru[peru["code"] == region].plot(ax=inset, color="#bd0026")
        inset.set_aspect(1 / np.cos(np.radians(-9)))
        inset.set_axis_off()

    fig.text(0.03, 0.02, f"Boundaries: {settings.BOUNDARIES_CREDIT}. Events: {bundle.source_label}; each with its "
             f"source in the data. Made {date.today():%d %b %Y}.", fontsize=7, va="bottom", color="#333333")
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, dpi=dpi, facecolor="white")
    return Rendered(out, round(width_px * dpi / _REFERENCE_DPI), round(height_px * dpi / _REFERENCE_DPI), ax.transData)


def render_bytes(bundle: Bundle, suffix: str, event_filter: EventFilter | None = None, level: str = "department",
                 metric: str = "events", region: str | None = None, size: str = "a4-landscape",
                 dpi: int = _REFERENCE_DPI) -> bytes:
    """The report map as the bytes of a ``suffix`` file (".png", ".pdf" or ".svg"): for a download."""
    with tempfile.TemporaryDirectory(prefix="peru-map-") as folder:
        rendered = render_map(bundle, Path(folder) / f"map{suffix}", event_filter, level, metric, region, size, dpi)
        return rendered.path.read_bytes()


def report_file_name(event_filter: EventFilter, level: str, metric: str, region: str | None, suffix: str,
                     all_types: tuple[str, ...] = ()) -> str:
    """``peru-protests_events-by-department_2022-12-07_2023-03-21.png`` (see :func:`export_file_name`)."""
    return export_file_name(f"{metric}-by-{level}", event_filter, region, suffix, all_types)
