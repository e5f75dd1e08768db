"""The map's symbols as HTML: event dots and mine diamonds, drawn alike on the map and in the legend."""

from geo import settings


def _dot_px(px: int, placed_at: str) -> int:
    """Diameter of a dot: a hollow district ring needs room to read as a ring."""
    return max(px, settings.DISTRICT_MARKER_MIN_PX) if placed_at == settings.PLACED_AT_DISTRICT else px


def dot_html(color: str, px: int, placed_at: str = "") -> str:
    """An event dot: solid outline at source coordinates, dashed at a town placed by the gazetteer,
    and hollow (coloured dotted ring on white) when only the district is known."""
    px = _dot_px(px, placed_at)
    if placed_at == settings.PLACED_AT_DISTRICT:
        style = f"background:#ffffff;border:3px dotted {color}"
    elif placed_at == settings.PLACED_AT_TOWN:
        style = f"background:{color};border:2px dashed #222"
    else:
        style = f"background:{color};border:1.5px solid #222"
    return f'<div style="width:{px}px;height:{px}px;border-radius:50%;{style};box-sizing:border-box;opacity:0.9"></div>'


def mine_symbol_html(is_project: bool) -> str:
    """A mine's diamond: black for a producing mine, white for a contested project."""
    fill = "#ffffff" if is_project else "#111111"
    return (
        f'<div style="width:10px;height:10px;transform:rotate(45deg);background:{fill};'
        f'border:2px solid #111;box-sizing:border-box"></div>'
    )


def symbol_row(html_symbol: str, words: str) -> str:
    """A legend row: a symbol and what it means (HTML)."""
    return f'<div style="display:flex;align-items:center;gap:5px">{html_symbol}{words}</div>'
