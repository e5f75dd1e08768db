"""Report maps as PNG, PDF or SVG, drawn with matplotlib: no browser needed.

The same classes and colours as the interactive map (:func:`geo.map.classify.classify`), a title and a
subtitle naming the period and the filter, the classed legend with its unit, the mines labelled,
a scale bar, a north arrow, an inset when one department is in focus, and the sources with the
day the figure was made. Text stays text in PDF and SVG.
"""

import tempfile
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

import matplotlib
import numpy as np
import shapely
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from geo import settings
from geo.analysis.aggregate import EventFilter, period_label
from geo.analysis.dataset import Bundle, make_view
from geo.analysis.tolls import toll_line
from geo.errors import ArgumentError
from geo.i18n import day, level_word, number, t
from geo.map.classify import classify
from geo.place.boundaries import load_regions, region_names
from geo.report.exports import describe_types, export_file_name, left_out_subtypes, totals_words

matplotlib.rcParams.update({"svg.fonttype": "none", "pdf.fonttype": 42, "font.family": "DejaVu Sans"})

# Pixel sizes at 300 dpi (A4 is 297 × 210 mm; a slide is 16:9).
SIZES = {"a4-landscape": (3508, 2480), "a4-portrait": (2480, 3508), "slide": (3840, 2160)}
FORMATS = (".png", ".pdf", ".svg")
_REFERENCE_DPI = 300
MIN_DPI, MAX_DPI = 36, 1200  # below, the text cannot be drawn; above, an A4 page passes 100 megapixels
HATCH, ZERO_HATCH = "////", "#9a9a9a"  # the zero class: light grey, hatched
_LABEL_PT, _LABEL_PAD = 6, 0.1  # mine labels: font size, white box around the text (in font sizes)
_LABEL_BOX = {"boxstyle": f"round,pad={_LABEL_PAD}", "fc": "white", "ec": "none", "alpha": 0.7}


@dataclass(frozen=True)
class Rendered:
    """A written report map, and where a place falls on its PNG (for checks)."""

    path: Path
    width_px: int
    height_px: int
    _transform: object
    # The mines' labels and markers as drawn, (x0, y0, x1, y1) in pixels from the bottom left.
    label_boxes: tuple = ()
    marker_boxes: tuple = ()
    # Title, subtitle, toll line, legend, sources and the map's frame as drawn: name -> (x0, y0, x1, y1) px.
    blocks: dict = field(default_factory=dict)

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


def report_filter(
    bundle: Bundle, event_filter: EventFilter | None, level: str, metric: str, region: str | None
) -> tuple[EventFilter, str]:
    """The filter and level a report shows, checked: the whole file's dates unless given, and with
    ``region`` (a department's code) that department alone at province (or district) level."""
    if metric not in settings.METRICS:
        raise ArgumentError.said(
            "metric must be one of {choices}, not '{value}'", choices=", ".join(settings.METRICS), value=metric
        )
    event_filter = event_filter or EventFilter()
    if region is not None:
        if region not in region_names("department").index:
            raise ArgumentError.said("no department has the code '{code}'", code=region)
        event_filter = replace(event_filter, department=region)
        level = "district" if level == "district" else "province"
    if metric == settings.RATE_METRIC and level != "department":
        raise ArgumentError.said("events per 100,000 inhabitants exist only at department level")
    return replace(
        event_filter, start=event_filter.start or bundle.first_day, end=event_filter.end or bundle.last_day
    ), level


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
    event_filter, level = report_filter(bundle, event_filter, level, metric, region)
    start, end = event_filter.start, event_filter.end
    view = make_view(bundle, event_filter, level)

    regions = load_regions(level, "map")
    if region is not None:
        regions = regions[regions["code"].str.startswith(region)]
    values = view.counts.set_index("code")[metric].reindex(regions["code"]).astype(float).fillna(0.0)
    integer = metric != settings.RATE_METRIC
    if fixed_classes:  # the classes of the whole file's dates, as the page's "same colour classes"
        whole = make_view(bundle, replace(event_filter, start=bundle.first_day, end=bundle.last_day), level)
        class_values = whole.counts.set_index("code")[metric].reindex(regions["code"]).astype(float).fillna(0.0)
        classes = classify(class_values, integer=integer, lang=lang)
    else:
        classes = classify(values, integer=integer, lang=lang)

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
    # The mines inside the regions drawn (a department's map leaves out its neighbours' mines).
    area = shapely.union_all(regions.geometry.to_numpy()) if region is not None else None
    inside = mines[mines["longitude"].between(west, east) & mines["latitude"].between(south, north)]
    if area is not None:
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
    labels = place_labels(ax, mine_labels(inside, 0.025 * (east - west)), markers)

    # Scale bar (bottom left) and north arrow (top right), in axes fractions.
    km = _scale_bar_km(east - west, (south + north) / 2)
    bar_deg = km / (111.32 * np.cos(np.radians((south + north) / 2)))
    # Bottom left, in the Pacific; on a portrait page the legend is there, so top left.
    x0, y0 = west, (north - 0.04 * (north - south) if portrait else south + 0.01 * (north - south))
    ax.plot([x0, x0 + bar_deg], [y0, y0], color="#000000", linewidth=3, solid_capstyle="butt", zorder=7)
    ax.text(
        x0 + bar_deg / 2, y0 + 0.015 * (north - south), f"{number(km, lang)} km", ha="center", va="bottom", fontsize=8
    )
    # North arrow beside the map, never on it.
    north_x, north_y = (0.92, 0.8) if portrait else (0.69, 0.84)
    fig.add_artist(
        matplotlib.text.Annotation(
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

    where = region_names("department")[region] if region else t("Peru", lang)
    unit = t(settings.METRICS[metric], lang)
    title = t("{metric} by {level}", lang, metric=unit, level=level_word(level, lang))
    types = describe_types(event_filter.event_types, tuple(bundle.event_types), lang)
    types += left_out_subtypes(event_filter.sub_event_types, tuple(bundle.sub_event_types), lang)
    renderer = FigureCanvasAgg(fig).get_renderer()
    header = _header(
        fig,
        renderer,
        [
            (f"{title}, {where}", 14 if portrait else 20, "bold"),
            (
                f"{period_label(start, end, lang)} · {types} · {totals_words(view.headline, metric, lang)}",
                9 if portrait else 11,
                "normal",
            ),
            (toll_line(view.toll, view.tolls, lang), 8 if portrait else 9, "normal"),
        ],
        top=0.975,
        bottom=ax.get_position().y1 + 0.01,
    )

    handles = [Patch(facecolor=settings.ZERO_COLOR, edgecolor=ZERO_HATCH, hatch=HATCH, label="0")]
    handles += [Patch(facecolor=c, edgecolor="#555555", label=lab) for c, lab in zip(classes.colors, classes.labels)]
    handles += [
        matplotlib.lines.Line2D(
            [], [], marker="D", color="none", markerfacecolor=f, markeredgecolor="#000000", label=lab
        )
        for f, lab in (("#000000", t("mine", lang)), ("#ffffff", t("project", lang)))
    ]
    legend_x = 0.04 if portrait else 0.68
    legend_title = _wrapped(unit, 10, (0.9 if portrait else 0.98 - legend_x) * fig.bbox.width, renderer, fig.dpi)
    legend = fig.legend(
        handles=handles,
        title=legend_title,
        loc="upper left",
        bbox_to_anchor=(legend_x, 0.21 if portrait else 0.8),
        fontsize=9,
        title_fontsize=10,
        frameon=False,
    )

    if region is not None:  # where the department lies in Peru
        inset = fig.add_axes((0.72, 0.06, 0.2, 0.2) if portrait else (0.70, 0.12, 0.22, 0.26))
        peru = load_regions("department", "map")
        peru.plot(ax=inset, color="#eeeeee", edgecolor="#999999", linewidth=0.2)
        peru[peru["code"] == region].plot(ax=inset, color="#bd0026")
        inset.set_aspect(1 / np.cos(np.radians(-9)))
        inset.set_axis_off()

    sources = fig.text(
        0.03,
        0.02,
        t(
            "Boundaries: {credit}. Events: {source}; each with its source in the data. Made {day}.",
            lang,
            credit=t(settings.BOUNDARIES_CREDIT, lang),
            source=bundle.source_label(lang),
            day=day(date.today(), lang),
        ),
        fontsize=7,
        va="bottom",
        color="#333333",
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, dpi=dpi, facecolor="white")
    renderer = fig.canvas.get_renderer()
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
        tuple(_marker_boxes(markers, fig)),
        blocks,
    )


def _wrapped(text: str, size: float, width_px: float, renderer, dpi: float, weight: str = "normal") -> str:
    """``text`` with line breaks between words so that no line is wider than ``width_px`` at ``size`` pt."""
    from matplotlib.font_manager import FontProperties

    font = FontProperties(family="DejaVu Sans", size=size, weight=weight)

    def wide(line: str) -> float:
        return renderer.get_text_width_height_descent(line, font, ismath=False)[0] * dpi / renderer.dpi

    lines: list[str] = []
    for word in text.split(" "):
        if lines and wide(f"{lines[-1]} {word}") <= width_px:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return "\n".join(lines)


_HEADER_GAP = 0.006  # between the header's lines, in figure heights


def _header(fig, renderer, lines: list[tuple[str, float, str]], top: float, bottom: float) -> list:
    """Title, subtitle and further lines stacked from ``top`` down (figure fractions), each wrapped
    to the page's width; all shrunk together until they end above ``bottom`` (the map). Returns
    the texts drawn."""
    scale = 1.0
    while True:
        drawn, y = [], top
        for text, size, weight in lines:
            wrapped = _wrapped(text, size * scale, 0.94 * fig.bbox.width, renderer, fig.dpi, weight)
            artist = fig.text(0.03, y, wrapped, fontsize=size * scale, fontweight=weight, va="top")
            extent = artist.get_window_extent(renderer)
            y = extent.y0 / fig.bbox.height - _HEADER_GAP
            drawn.append(artist)
        if y + _HEADER_GAP >= bottom or scale < 0.5:
            return drawn
        for artist in drawn:
            artist.remove()
        scale *= 0.9


def _marker_boxes(markers, fig) -> list[tuple[float, float, float, float]]:
    """(x0, y0, x1, y1) of each marker of a scatter, in pixels (a diamond's bounding square)."""
    half = np.sqrt(markers.get_sizes()[0]) * fig.dpi / 72 / 2 * np.sqrt(2)
    centres = markers.get_offset_transform().transform(markers.get_offsets())
    return [(x - half, y - half, x + half, y + half) for x, y in centres]


def _overlaps(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


# Where a label may go, tried in turn: (dx, dy) in units of the label's gap from its mine; the
# label's corner nearest the mine sits there. Right first (how maps usually label points), then
# left, above, below, the diagonals, and farther out with a leader line.
_PLACES = [(1, 0), (-1, 0), (0, 1), (0, -1), (1, 1), (-1, 1), (1, -1), (-1, -1)]
_DISTANCES = (1, 3, 5, 8)
_GAP_PT = 4


def place_labels(ax, labels, markers) -> list:
    """Label each ``((lon, lat), names)`` beside its point where it overlaps no other label, none
    of the ``markers`` (a scatter) and stays inside the axes: the first free place of
    :data:`_PLACES` at the nearest of :data:`_DISTANCES` (a leader line beyond the first). A label
    with no free place takes its first. Returns the annotations."""
    fig = ax.figure
    renderer = FigureCanvasAgg(fig).get_renderer()
    ax.apply_aspect()  # where the axes will be drawn, before measuring anything in pixels
    frame = ax.get_window_extent(renderer).extents
    gap = _GAP_PT * fig.dpi / 72
    taken = _marker_boxes(markers, fig)
    drawn = []
    for (lon, lat), names in sorted(labels, key=lambda label: -len(" · ".join(label[1]))):  # longest first
        text = " · ".join(names)
        probe = ax.text(0, 0, text, fontsize=_LABEL_PT)
        box = probe.get_window_extent(renderer)
        probe.remove()
        pad = 2 * _LABEL_PAD * _LABEL_PT * fig.dpi / 72  # the white box around the text
        width, height = box.width + pad, box.height + pad
        x, y = ax.transData.transform((lon, lat))
        chosen = None
        for distance in _DISTANCES:
            for dx, dy in _PLACES:
                ox, oy = dx * gap * distance, dy * gap * distance
                x0 = x + ox if dx > 0 else x + ox - width if dx < 0 else x - width / 2
                y0 = y + oy if dy > 0 else y + oy - height if dy < 0 else y - height / 2
                candidate = (x0, y0, x0 + width, y0 + height)
                inside = frame[0] <= x0 and x0 + width <= frame[2] and frame[1] <= y0 and y0 + height <= frame[3]
                if inside and not any(_overlaps(candidate, other) for other in taken):
                    chosen = (ox, oy, dx, dy, distance, candidate)
                    break
            if chosen:
                break
        ox, oy, dx, dy, distance, box = chosen or (gap, 0, 1, 0, 1, None)
        ox, oy = ox + dx * pad / 2, oy + dy * pad / 2  # the text, inside its white box
        drawn.append(
            ax.annotate(
                text,
                (lon, lat),
                xytext=(ox * 72 / fig.dpi, oy * 72 / fig.dpi),
                textcoords="offset points",
                ha={1: "left", -1: "right", 0: "center"}[dx],
                va={1: "bottom", -1: "top", 0: "center"}[dy],
                fontsize=_LABEL_PT,
                zorder=6,
                bbox=_LABEL_BOX,
                arrowprops={"arrowstyle": "-", "color": "#333333", "lw": 0.4, "shrinkA": 0, "shrinkB": 3}
                if distance > 1
                else None,
            )
        )
        if box:
            taken.append(box)
    return drawn


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
