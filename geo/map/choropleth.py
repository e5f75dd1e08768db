"""The choropleth: the regions of the map's level coloured by class of the chosen metric."""

from typing import TYPE_CHECKING, Any, cast

from geo import settings
from geo.analysis.deaths import describe, kind_columns
from geo.i18n import N_, level_word, number, t
from geo.map.base import Built, Layer
from geo.map.classify import Classes
from geo.map.popups import text_html
from geo.map.regions import RegionLayer, region_shapes
from geo.map.rules import choropleth_classes, is_integer, map_title, region_values

if TYPE_CHECKING:
    from geo.map.input import MapInput

_LINE_WEIGHT = {"department": 1.0, "province": 0.6, "district": 0.3}  # finer regions, thinner borders


def _tooltips(data: "MapInput") -> tuple[list[str], list[list[str]]]:
    """The tooltip's field names and, per region of ``data.counts``, its lines after the name."""
    lang, metric = data.lang, data.metric
    by_code = data.counts.set_index("code")
    by_code = by_code[by_code.index != settings.UNASSIGNED]
    kinds = kind_columns(by_code.columns)
    deaths = [
        number(int(row["fatalities"]), lang)
        + (f" ({describe(cast(dict[str, int], row[kinds].to_dict()), lang)})" if row["fatalities"] else "")
        for _, row in by_code.iterrows()
    ]
    fields = [level_word(data.level, lang, capital=True), t(settings.METRICS[metric], lang)]
    if metric == "fatalities":
        return fields, [[d] for d in deaths]
    integer = is_integer(metric)
    labels = [number(int(v), lang) if integer else number(v, lang, decimals=2) for v in region_values(data)]
    fields.append(t("Fatalities", lang))
    return fields, [[label, d] for label, d in zip(labels, deaths)]


def build(data: "MapInput", inline: bool) -> Built:
    """The choropleth layer, its facts the :class:`Classes` the legend shows."""
    value = region_values(data)  # checks the metric against the level
    classes = choropleth_classes(data)
    fields, lines = _tooltips(data)
    values = {code: [classes.color_for(v), *line] for code, v, line in zip(value.index, value, lines)}
    payload = {
        "style": "choropleth",
        "shapes": region_shapes(data.level, data.regions, inline, data.static_url),
        "values": values,
        "fields": fields,
        "zero": settings.ZERO_COLOR,
        "empty": ["0"] * (len(fields) - 1),
        "weight": _LINE_WEIGHT[data.level],
        "focus": data.focus or "",
        "fit": data.fit,
        "legend_px": settings.LEGEND_ROOM_PX,
        "legend_room_from_px": settings.LEGEND_FOLDED_BELOW_PX,
    }
    return Built(RegionLayer(payload, name=map_title(data)), classes)


def swatch(color: str, label: str) -> str:
    """A legend row: a colour's box and its label (HTML)."""
    return (
        f'<div><span style="display:inline-block;width:16px;height:11px;background:{color};'
        f'border:1px solid #555;margin-right:5px;vertical-align:middle"></span>{label}</div>'
    )


def legend(data: "MapInput", classes: Any) -> list[str]:
    """The classes' rows: zero, each class, and the period they are fixed over if they are."""
    if not isinstance(classes, Classes):
        return []
    rows = [swatch(settings.ZERO_COLOR, "0")]
    rows += [swatch(c, text_html(lab)) for c, lab in zip(classes.colors, classes.labels)]
    if data.class_values is not None and data.classes_period:
        fixed = t("classes fixed over {period}", data.lang, period=text_html(data.classes_period))
        rows.append(f'<div style="font-size:10px">{fixed}</div>')
    return rows


LAYER = Layer("choropleth", N_("Regions (choropleth)"), True, build, legend, draw_order=0)
