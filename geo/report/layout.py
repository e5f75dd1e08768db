"""Text on a report page: header lines wrapped to the page and shrunk to fit above the map, and
the mines' labels (neighbours share one label, each placed where it overlaps no other label and
no marker)."""

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg

_LABEL_PT, _LABEL_PAD = 6, 0.1  # mine labels: font size, white box around the text (in font sizes)
_LABEL_BOX = {"boxstyle": f"round,pad={_LABEL_PAD}", "fc": "white", "ec": "none", "alpha": 0.7}


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


def marker_boxes(markers, fig) -> list[tuple[float, float, float, float]]:
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
    taken = marker_boxes(markers, fig)
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


def wrapped(text: str, size: float, width_px: float, renderer, dpi: float, weight: str = "normal") -> str:
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


def header_lines(fig, renderer, lines: list[tuple[str, float, str]], top: float, bottom: float) -> list:
    """Title, subtitle and further lines stacked from ``top`` down (figure fractions), each wrapped
    to the page's width; all shrunk together until they end above ``bottom`` (the map). Returns
    the texts drawn."""
    scale = 1.0
    while True:
        drawn, y = [], top
        for text, size, weight in lines:
            lines_text = wrapped(text, size * scale, 0.94 * fig.bbox.width, renderer, fig.dpi, weight)
            artist = fig.text(0.03, y, lines_text, fontsize=size * scale, fontweight=weight, va="top")
            extent = artist.get_window_extent(renderer)
            y = extent.y0 / fig.bbox.height - _HEADER_GAP
            drawn.append(artist)
        if y + _HEADER_GAP >= bottom or scale < 0.5:
            return drawn
        for artist in drawn:
            artist.remove()
        scale *= 0.9
