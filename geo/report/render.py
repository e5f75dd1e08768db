"""Report maps as PNG, PDF or SVG, drawn with matplotlib: no browser needed.

The same input as the interactive map (:class:`geo.map.input.MapInput`, so the same classes and
colours, fixed over the whole file's dates or not, by :func:`geo.map.rules.choropleth_classes`), a title and a
subtitle naming the period and the filter, the classed legend with its unit, the mines labelled,
a scale bar, a north arrow, an inset when one department is in focus, and the sources with the
day the figure was made. Text stays text in PDF and SVG.
"""

import tempfile
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import cast

import geopandas as gpd
import matplotlib
import numpy as np
import shapely
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Annotation
from matplotlib.transforms import Transform

from geo import settings
from geo.analysis.aggregate import EventFilter, period_label
from geo.analysis.dataset import Bundle, make_view
from geo.analysis.tolls import toll_line
from geo.errors import ArgumentError
from geo.i18n import day, level_word, number, t
from geo.map.classify import Classes
from geo.map.input import MapInput, map_input
from geo.map.input import fixed_classes as fixed_map_classes
from geo.map.rules import check_metric, check_metric_name, choropleth_classes, map_title, region_values
from geo.place.boundaries import load_regions, region_names
from geo.report.exports import describe_types, export_file_name, left_out_subtypes, totals_words
from geo.report.layout import header_lines, marker_boxes, mine_labels, place_labels, wrapped

matplotlib.rcParams.update({"svg.fonttype": "none", "pdf.fonttype": 42, "font.family": "DejaVu Sans"})

# Pixel sizes at 300 dpi (A4 is 297 × 210 mm; a slide is 16:9).
SIZES = {"a4-landscape": (3508, 2480), "a4-portrait": (2480, 3508), "slide": (3840, 2160)}
FORMATS = (".png", ".pdf", ".svg")
_REFERENCE_DPI = 300
MIN_DPI, MAX_DPI = 36, 1200  # below, the text cannot be drawn; above, an A4 page passes 100 megapixels
HATCH, ZERO_HATCH = "////", "#9a9a9a"  # the zero class: light grey, hatched


@dataclass(frozen=True)
class Rendered:
    """A written report map, and where a place falls on its PNG (for checks)."""

    path: Path
    width_px: int
    height_px: int
    _transform: Transform
    # The mines' labels and markers as drawn, (x0, y0, x1, y1) in pixels from the bottom left.
    label_boxes: tuple = ()
    marker_boxes: tuple = ()
    # Title, subtitle, toll line, legend, sources and the map's frame as drawn: name -> (x0, y0, x1, y1) px.
    blocks: dict = field(default_factory=dict)

    def pixel(self, lon: float, lat: float) -> tuple[int, int]:
        """(column, row) of the point in the image, counted from the top left."""
        x, y = self._transform.transform((lon, lat))
        return round(x), round(self.height_px - y)


def _scale_bar_km(width_deg: float, lat: float) -> int:
    """A round length about a fifth of the map's width."""
    km = width_deg * 111.32 * np.cos(np.radians(lat)) / 5
    return int(next(step for step in (1000, 500, 200, 100, 50, 20, 10, 5, 2, 1) if step <= km) if km >= 1 else 1)


def report_filter(
    bundle: Bundle, event_filter: EventFilter | None, level: str, metric: str, region: str | None
) -> tuple[EventFilter, str]:
    """The filter and level a report shows, checked: the whole file's dates unless given, and with
    ``region`` (a department's code) that department alone at province (or district) level."""
    check_metric_name(metric)
    event_filter = event_filter or EventFilter()
    if region is not None:
        if region not in region_names("department").index:
            raise ArgumentError.said("no department has the code '{code}'", code=region)
        event_filter = replace(event_filter, department=region)
        level = "district" if level == "district" else "province"
    check_metric(metric, level)  # the rate per 100,000 at department level only (geo.map.rules)
    return replace(
        event_filter, start=event_filter.start or bundle.first_day, end=event_filter.end or bundle.last_day
    ), level


@dataclass(frozen=True)
class ReportWords:
    """The words printed around a report map that its :class:`MapInput` does not hold."""

    where: str  # "Peru" or the department in focus
    subtitle: str  # period · types shown · totals
    toll: str  # the official toll beside the mapped one
    sources: str  # boundaries, events and the day the figure was made


def report_input(
    bundle: Bundle,
    event_filter: EventFilter,
    level: str,
    metric: str,
    region: str | None = None,
    fixed_classes: bool = False,
    lang: str = "en",
) -> tuple[MapInput, ReportWords]:
    """The map and words of a report, from a filter checked by :func:`report_filter`: the same
    :class:`MapInput` as the page's map (classes fixed over the whole file's dates with
    ``fixed_classes``, as the page's "same colour classes")."""
    view = make_view(bundle, event_filter, level)
    start, end = event_filter.start, event_filter.end
    options = fixed_map_classes(bundle, event_filter, level, metric, lang=lang) if fixed_classes else {}
    period = period_label(start, end, lang)
    data = map_input(view, level, metric, settings.DEFAULT_RADIUS_KM, period, focus=region, lang=lang, **options)
    types = describe_types(event_filter.event_types, tuple(bundle.event_types), lang)
    types += left_out_subtypes(event_filter.sub_event_types, tuple(bundle.sub_event_types), lang)
    sources = t(
        "Boundaries: {credit}. Events: {source}; each with its source in the data. Made {day}.",
        lang,
        credit=t(settings.BOUNDARIES_CREDIT, lang),
        source=bundle.source_label(lang),
        day=day(date.today(), lang),
    )
    return data, ReportWords(
        where=region_names("department")[region] if region else t("Peru", lang),
        subtitle=f"{period} · {types} · {totals_words(view.headline, metric, lang)}",
        toll=toll_line(view.toll, view.tolls, lang),
        sources=sources,
    )


def _check_output(out: Path, size: str, dpi: int) -> None:
    """Refuse a file type, page size or resolution the report cannot be drawn in."""
    if out.suffix.lower() not in FORMATS:
        raise ArgumentError.said(
            "the output must end in {choices} or .html, not '{value}'",
            choices=", ".join(FORMATS),
            value=out.suffix or out.name,
        )
    if size not in SIZES:
        raise ArgumentError.said("size must be one of {choices}, not '{value}'", choices=", ".join(SIZES), value=size)
    if not MIN_DPI <= dpi <= MAX_DPI:
        raise ArgumentError.said(
            "the resolution must be between {least} and {most} dpi, not {value}", least=MIN_DPI, most=MAX_DPI, value=dpi
        )


def render_map(
    bundle: Bundle,
    out: str | Path,
    event_filter: EventFilter | None = None,
    level: str = "department",
    metric: str = "events",
    region: str | None = None,
    size: str = "a4-landscape",
    dpi: int = _REFERENCE_DPI,
    fixed_classes: bool = False,
    lang: str = "en",
) -> Rendered:
    """Draw the map of ``bundle`` under ``event_filter`` and write it to ``out`` (its suffix picks
    the format), its words in ``lang``. ``region`` (a department's code) focuses the map on it and
    draws its provinces (or districts with ``level="district"``)."""
    out = Path(out)
    _check_output(out, size, dpi)
    event_filter, level = report_filter(bundle, event_filter, level, metric, region)
    data, words = report_input(bundle, event_filter, level, metric, region, fixed_classes, lang)
    return draw_report(data, words, out, size, dpi)


def draw_report(data: MapInput, words: ReportWords, out: Path, size: str, dpi: int = _REFERENCE_DPI) -> Rendered:
    """Draw ``data`` (the same input as the page's map) with ``words`` around it and write it to
    ``out``: regions by class, mines labelled, scale, north, header, legend, inset and sources."""
    width_px, height_px = SIZES[size]
    fig = Figure(figsize=(width_px / _REFERENCE_DPI, height_px / _REFERENCE_DPI), dpi=dpi)
    portrait = height_px > width_px
    ax = fig.add_axes((0.04, 0.12, 0.92, 0.66) if portrait else (0.03, 0.08, 0.62, 0.76))
    regions, classes = _plot_regions(ax, data)
    markers, labels = _plot_mines(ax, data, regions)
    _scale_and_north(fig, ax, regions.total_bounds, portrait, data.lang)
    renderer = FigureCanvasAgg(fig).get_renderer()
    header = header_lines(
        fig,
        renderer,
        [
            (f"{map_title(data)}, {words.where}", 14 if portrait else 20, "bold"),
            (words.subtitle, 9 if portrait else 11, "normal"),
            (words.toll, 8 if portrait else 9, "normal"),
        ],
        top=0.975,
        bottom=ax.get_position().y1 + 0.01,
    )
    legend = _legend(fig, renderer, classes, t(settings.METRICS[data.metric], data.lang), portrait, data.lang)
    if data.focus is not None:
        _inset(fig, data.focus, portrait)
    sources = fig.text(0.03, 0.02, words.sources, fontsize=7, va="bottom", color="#333333")
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, dpi=dpi, facecolor="white")
    renderer = cast(FigureCanvasAgg, fig.canvas).get_renderer()  # the canvas just drawn
    boxes = tuple(tuple(label.get_bbox_patch().get_window_extent(renderer).extents) for label in labels)
    texts = {"title": header[0], "subtitle": header[1], "toll": header[2], "legend": legend, "sources": sources}
    blocks = {name: tuple(artist.get_window_extent(renderer).extents) for name, artist in texts.items()}
    blocks["map"] = tuple(ax.get_window_extent(renderer).extents)
    return Rendered(
        out,
        round(width_px * dpi / _REFERENCE_DPI),
        round(height_px * dpi / _REFERENCE_DPI),
        ax.transData,
        boxes,
        tuple(marker_boxes(markers, fig)),
        blocks,
    )


def _plot_regions(ax: Axes, data: MapInput) -> tuple[gpd.GeoDataFrame, Classes]:
    """The regions in focus coloured by class, the zero class hatched, department borders over
    finer regions. Returns the regions drawn and their classes."""
    regions = data.regions
    if data.focus is not None:
        regions = regions[regions["code"].str.startswith(data.focus)]
    values = region_values(data).reindex(regions["code"]).fillna(0.0)
    classes = choropleth_classes(data)
    border = 0.4 if data.level == "department" else 0.2
    regions.plot(ax=ax, color=[classes.color_for(v) for v in values], edgecolor="#555555", linewidth=border)
    # The zero class is hatched: in greyscale its light grey and the first class's pale yellow
    # are the same (CIE L* 96 and 98); the classes above it step down by 14-16.
    zero = (values == 0).to_numpy()
    if zero.any():
        regions[zero].plot(ax=ax, facecolor="none", edgecolor=ZERO_HATCH, hatch=HATCH, linewidth=0)
        regions[zero].boundary.plot(ax=ax, color="#555555", linewidth=border)
    if data.level != "department":  # department borders over the finer regions
        departments = data.departments
        if data.focus is not None:
            departments = departments[departments["code"] == data.focus]
        departments.boundary.plot(ax=ax, color="#222222", linewidth=0.8)
    return regions, classes


def _plot_mines(ax: Axes, data: MapInput, regions: gpd.GeoDataFrame) -> tuple[PathCollection, list]:
    """The mines inside the regions drawn (a department's map leaves out its neighbours' mines),
    labelled; the axes set to the regions' bounds. Returns the markers and the labels."""
    mines = data.mines[data.mines["has_location"]]
    west, south, east, north = regions.total_bounds
    inside = mines[mines["longitude"].between(west, east) & mines["latitude"].between(south, north)]
    if data.focus is not None:
        area = shapely.union_all(regions.geometry.to_numpy())
        inside = inside[shapely.contains_xy(area, inside["longitude"].to_numpy(), inside["latitude"].to_numpy())]
    markers = ax.scatter(
        inside["longitude"],
        inside["latitude"],
        marker="D",
        s=28,
        edgecolor="#000000",
        facecolor=np.where(inside["is_project"], "#ffffff", "#000000"),
        linewidth=0.8,
        zorder=7,
    )  # mines (black) and projects (white), above the labels
    ax.set_xlim(west - 0.02 * (east - west), east + 0.02 * (east - west))
    ax.set_ylim(south - 0.02 * (north - south), north + 0.02 * (north - south))
    ax.set_aspect(1 / np.cos(np.radians((south + north) / 2)))
    ax.set_axis_off()
    return markers, place_labels(ax, mine_labels(inside, 0.025 * (east - west)), markers)


def _scale_and_north(fig: Figure, ax: Axes, bounds: np.ndarray, portrait: bool, lang: str) -> None:
    """A scale bar (bottom left, in the Pacific; top left on a portrait page, where the legend is
    at the bottom) and a north arrow beside the map, never on it."""
    west, south, east, north = bounds
    km = _scale_bar_km(east - west, (south + north) / 2)
    bar_deg = km / (111.32 * np.cos(np.radians((south + north) / 2)))
    x0, y0 = west, (north - 0.04 * (north - south) if portrait else south + 0.01 * (north - south))
    ax.plot([x0, x0 + bar_deg], [y0, y0], color="#000000", linewidth=3, solid_capstyle="butt", zorder=7)
    ax.text(
        x0 + bar_deg / 2, y0 + 0.015 * (north - south), f"{number(km, lang)} km", ha="center", va="bottom", fontsize=8
    )
    north_x, north_y = (0.92, 0.8) if portrait else (0.69, 0.84)
    fig.add_artist(
        Annotation(
            "N",
            xy=(north_x, north_y + 0.06),
            xytext=(north_x, north_y),
            xycoords="figure fraction",
            ha="center",
            va="top",
            fontsize=11,
            fontweight="bold",
            arrowprops={"arrowstyle": "-|>", "color": "#000000", "lw": 1.5},
        )
    )


def _legend(fig: Figure, renderer: RendererAgg, classes: Classes, unit: str, portrait: bool, lang: str) -> Legend:
    """The classed legend with its unit as title (zero hatched, as on the map), and the mines' symbols."""
    handles: list[Artist] = [Patch(facecolor=settings.ZERO_COLOR, edgecolor=ZERO_HATCH, hatch=HATCH, label="0")]
    handles += [Patch(facecolor=c, edgecolor="#555555", label=lab) for c, lab in zip(classes.colors, classes.labels)]
    handles += [
        Line2D([], [], marker="D", color="none", markerfacecolor=f, markeredgecolor="#000000", label=lab)
        for f, lab in (("#000000", t("mine", lang)), ("#ffffff", t("project", lang)))
    ]
    legend_x = 0.04 if portrait else 0.68
    title = wrapped(unit, 10, (0.9 if portrait else 0.98 - legend_x) * fig.bbox.width, renderer, fig.dpi)
    return fig.legend(
        handles=handles,
        title=title,
        loc="upper left",
        bbox_to_anchor=(legend_x, 0.21 if portrait else 0.8),
        fontsize=9,
        title_fontsize=10,
        frameon=False,
    )


def _inset(fig: Figure, focus: str, portrait: bool) -> None:
    """Where the department in focus lies in Peru."""
    inset = fig.add_axes((0.72, 0.06, 0.2, 0.2) if portrait else (0.70, 0.12, 0.22, 0.26))
    peru = load_regions("department", "map")
    peru.plot(ax=inset, color="#eeeeee", edgecolor="#999999", linewidth=0.2)
    peru[peru["code"] == focus].plot(ax=inset, color="#bd0026")
    inset.set_aspect(1 / np.cos(np.radians(-9)))
    inset.set_axis_off()


def render_bytes(
    bundle: Bundle,
    suffix: str,
    event_filter: EventFilter | None = None,
    level: str = "department",
    metric: str = "events",
    region: str | None = None,
    size: str = "a4-landscape",
    dpi: int = _REFERENCE_DPI,
    fixed_classes: bool = False,
    lang: str = "en",
) -> bytes:
    """The report map as the bytes of a ``suffix`` file (".png", ".pdf" or ".svg"): for a download."""
    with tempfile.TemporaryDirectory(prefix="peru-map-") as folder:
        rendered = render_map(
            bundle, Path(folder) / f"map{suffix}", event_filter, level, metric, region, size, dpi, fixed_classes, lang
        )
        return rendered.path.read_bytes()


def report_file_name(
    event_filter: EventFilter,
    level: str,
    metric: str,
    region: str | None,
    suffix: str,
    all_types: tuple[str, ...] = (),
    all_subtypes: tuple[str, ...] = (),
    lang: str = "en",
) -> str:
    """``peru-protests_events-by-department_2022-12-07_2023-03-21.png`` (see :func:`export_file_name`)."""
    what = t("{metric} by {level}", lang, metric=t(settings.METRICS[metric], lang), level=level_word(level, lang))
    return export_file_name(what, event_filter, region, suffix, all_types, all_subtypes, lang)
