"""Folium layers: choropleth with a printable legend, events, mines with radius rings, decrees.

Every asset is served locally (see :mod:`geo.map.offline`); markers are DivIcons styled inline, so the
map needs only Leaflet. Events are one layer built in the browser from one JSON payload
(:mod:`geo.analysis.points`), so the page's size does not grow with the number of events.
"""

import html
import json
from dataclasses import dataclass, field
from functools import partial

import folium
import geopandas as gpd
import pandas as pd
from branca.element import Element, MacroElement
from folium.elements import ElementAddToElement
from jinja2 import Template

from geo import settings
from geo.analysis.deaths import describe, kind_columns
from geo.analysis.decrees import WHOLE_DEPARTMENT
from geo.analysis.mines import NAMED_IN_ROW, commodity_words
from geo.analysis.points import EventPayload, event_payload, marker_px
from geo.errors import ArgumentError
from geo.i18n import count, day, level_word, number, t, type_label
from geo.map.classify import Classes, classify
from geo.map.offline import localize_assets
from geo.place.boundaries import load_regions, region_names
from geo.place.gazetteer import position_note


@dataclass(frozen=True)
class LayerToggles:
    """Which layers to draw."""

    choropleth: bool = True
    events: bool = True
    mines: bool = True
    emergency: bool = True
    roadblocks: bool = False
    basemap: bool = False  # OpenStreetMap tiles: the only layer that needs the internet


@dataclass
class MapInput:
    """Everything one map shows, already filtered and aggregated by the caller."""

    level: str
    metric: str
    regions: gpd.GeoDataFrame  # map-detail regions of ``level``
    counts: pd.DataFrame  # aggregate.region_counts for the filter
    events: pd.DataFrame  # filtered events (View.map_events: only the cells' columns above MAX_POINTS)
    mines: pd.DataFrame  # mines.mine_counts for the filter
    radius_km: float
    emergency: pd.DataFrame  # decrees.departments_under_emergency
    departments: gpd.GeoDataFrame  # map-detail departments (emergency and roadblock layers)
    roadblocks: pd.DataFrame = field(default_factory=pd.DataFrame)
    period: str = ""  # e.g. "7 Dec 2022 – 21 Mar 2023", printed in the legend
    toggles: LayerToggles = field(default_factory=LayerToggles)
    # Classes drawn from these region values (code -> value of ``metric``) instead of the shown
    # ones, so maps of different periods share their colours; ``classes_period`` names them.
    class_values: pd.Series | None = None
    classes_period: str = ""
    focus: str | None = None  # a department's code: only its regions are drawn (counts hold only them)
    fit: tuple[tuple[float, float], tuple[float, float]] | None = None  # bounds to fit once, on this draw
    static_url: str = settings.STATIC_URL  # where the browser finds static/ (offline.static_url)
    lang: str = "en"  # the language of the legend, popups and tooltips (geo.i18n.LANGUAGES)
    # The page's name for this map (its session and its map): a map made anew under the same name,
    # as when the page's language changes, opens where the user left the last one.
    view_scope: str = ""


def map_input(
    view,
    level: str,
    metric: str,
    radius_km: float,
    period: str,
    regions: gpd.GeoDataFrame | None = None,
    departments: gpd.GeoDataFrame | None = None,
    **options,
) -> MapInput:
    """What a :class:`bundle.View` puts on the map; ``regions``/``departments`` default to the
    map-detail shapes, ``options`` are MapInput's other fields (toggles, focus, classes...)."""
    return MapInput(
        level=level,
        metric=metric,
        regions=load_regions(level, "map") if regions is None else regions,
        counts=view.counts,
        events=view.map_events,
        mines=view.mines,
        radius_km=radius_km,
        emergency=view.emergency,
        roadblocks=view.roadblocks,
        period=period,
        departments=load_regions("department", "map") if departments is None else departments,
        **options,
    )


class _Text(Element):
    """Text put on the page as it is: never parsed as a template."""

    def __init__(self, text: str):
        super().__init__()
        self.text = text

    def render(self, **kwargs) -> str:
        return self.text


class RenderedOnce:
    """Mixin for our MacroElements: the element's script goes on the page as rendered text.

    branca's ``MacroElement.render`` wraps the rendered script in a new ``Element``, which parses it
    as a Jinja template and renders it a second time. Text from an events file would then be
    template code run on the server (a note holding ``{{ 7*7 }}`` reached the browser as "49"),
    and parsing a large payload again was most of a redraw's time.
    """

    def render(self, **kwargs) -> None:
        script = self._template.module.__dict__["script"](self, kwargs)
        self.get_root().script.add_child(_Text(script), name=self.get_name())
        for child in self._children.values():
            child.render(**kwargs)


class Legend(RenderedOnce, MacroElement):
    """A legend box drawn as a Leaflet control: black on white, so it survives printing.

    It is a layer of its parent (a map or a feature group): removing the group removes the box,
    so a legend redrawn with its group never leaves the old one behind.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = new (L.Layer.extend({
            onAdd: function (map) {
                this._control = L.control({position: "bottomleft"});  // over the Pacific, not Peru
                this._control.onAdd = function () {
                    var div = L.DomUtil.create("div", "peru-legend");
                    div.innerHTML = {{ this.html|tojson }};
                    L.DomEvent.disableClickPropagation(div);
                    return div;
                };
                this._control.addTo(map);
                var box = this._control.getContainer().querySelector("details");
                if (map.getSize().x < {{ this.fold_below_px }}) { box.open = false; }
                // A popup is never hidden under the legend: opening one folds it.
                this._fold = function () { box.open = false; };
                map.on("popupopen", this._fold);
            },
            onRemove: function (map) { map.off("popupopen", this._fold); map.removeControl(this._control); }
        }))();
        {{ this._parent.get_name() }}.addLayer({{ this.get_name() }});
        {% endmacro %}
    """)

    fold_below_px = settings.LEGEND_FOLDED_BELOW_PX

    def __init__(self, html_text: str):
        super().__init__()
        self._name = "Legend"
        self.html = html_text


class ShapeLoader(RenderedOnce, MacroElement):
    """Sets up the map's frame once: ``window.peruShapes(source)`` (region shapes from a URL of
    the app, fetched once per map and reused by later layers, or given inline for a map saved as
    one file); the two panes that keep the shapes beneath every other layer; popups that fit a
    phone; one-finger scrolling of the page on phones; Peru fitted beside the legend."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        // Region shapes arrive after the other layers: their own panes keep them beneath events,
        // rings and markers (Leaflet's overlay pane is 400), whatever order they are drawn in.
        {{ this._parent.get_name() }}.createPane("peruRegions").style.zIndex = 350;
        {{ this._parent.get_name() }}.createPane("peruOutlines").style.zIndex = 360;
        // The zoom buttons' titles in the page's language.
        var zoom = {{ this._parent.get_name() }}.zoomControl;
        if (zoom) {
            [[zoom._zoomInButton, {{ this.zoom_in|tojson }}], [zoom._zoomOutButton, {{ this.zoom_out|tojson }}]]
                .forEach(function (pair) { pair[0].title = pair[1]; pair[0].setAttribute("aria-label", pair[1]); });
        }
        // In the app's page the mouse wheel scrolls the page, as it does above and below the map
        // (Leaflet's wheel zoom caught it: the map flew out to the whole world and the page stuck);
        // Ctrl or Cmd with the wheel (a trackpad's pinch sends Ctrl) zooms, with Leaflet's own
        // smooth zoom about the pointer. Said on hover. A map saved as one file is the page: there
        // the wheel zooms, as usual.
        if (window.parent !== window) {
            var wheelMap = {{ this._parent.get_name() }};
            // Leaflet focuses the map on a press (for its keys): in a frame the browser then
            // scrolled the page to show the whole map, between the press and the release, and the
            // click landed beside the marker it was meant for. Focused in place instead.
            wheelMap.getContainer().focus = function () {
                HTMLElement.prototype.focus.call(this, {preventScroll: true});
            };
            wheelMap.scrollWheelZoom.disable();
            wheelMap.getContainer().addEventListener("wheel", function (e) {
                if (e.ctrlKey || e.metaKey) { wheelMap.scrollWheelZoom._onWheelScroll(e); }
            }, {passive: false});
            var wheelHint = L.control({position: "topright"});
            wheelHint.onAdd = function () {
                var div = L.DomUtil.create("div", "peru-wheel-hint");
                div.textContent = {{ this.wheel_hint|tojson }};
                return div;
            };
            if (!L.Browser.mobile) { wheelHint.addTo(wheelMap); }
            var wheelCss = document.createElement("style");
            wheelCss.textContent = ".peru-wheel-hint{display:none;background:#fff;border:1px solid #333;"
                + "padding:2px 6px;font:12px sans-serif}.leaflet-container:hover .peru-wheel-hint{display:block}";
            document.head.appendChild(wheelCss);
        }
        // A scale bar in kilometres only (Leaflet's also shows miles, which neither reader uses).
        L.control.scale({imperial: false}).addTo({{ this._parent.get_name() }});
        // Popups never wider than a phone's screen; long words and links wrap. Tooltips wrap too: a
        // region's deaths by kind on one line ran under the legend, hiding the region's name.
        var popupCss = document.createElement("style");
        popupCss.textContent = ".leaflet-popup-content{max-width:calc(100vw - 80px);overflow-wrap:anywhere}"
            + ".leaflet-tooltip{white-space:normal;width:max-content;max-width:240px}";
        document.head.appendChild(popupCss);
        // On a phone one finger scrolls the page, as everywhere else on it; two fingers move and
        // zoom the map (Leaflet's pinch). A hint says so, once.
        if (L.Browser.mobile) {
            var phoneMap = {{ this._parent.get_name() }};
            phoneMap.dragging.disable();
            var hint = L.control({position: "topright"});
            hint.onAdd = function () {
                var div = L.DomUtil.create("div", "peru-touch-hint");
                div.textContent = {{ this.touch_hint|tojson }};
                div.style.cssText = "background:#fff;border:1px solid #333;padding:2px 6px;font:12px sans-serif";
                return div;
            };
            hint.addTo(phoneMap);
            phoneMap.getContainer().addEventListener("touchstart", function once(e) {
                if (e.touches.length < 2) { return; }
                phoneMap.removeControl(hint);  // understood: the hint goes
                phoneMap.getContainer().removeEventListener("touchstart", once);
            });
        }
        // The view is shared through the page's address: "view=lat,lon,zoom" (written on every
        // move, read when the map is made), so a copied link opens the same view. Only inside the
        // app's page (same origin); a map saved as one file has no page around it.
        var viewMap = {{ this._parent.get_name() }}, page = null, shared = null;
        try {
            if (window.parent !== window && window.parent.location.search !== undefined) { page = window.parent; }
        } catch (e) { page = null; }  // a page of another origin
        // The last view of this map, if the page made it anew (its language changed): the page's
        // own address may have lost it meanwhile. Kept for the browser tab only.
        var viewKey = {{ this.view_scope|tojson }} ? "peruView:" + {{ this.view_scope|tojson }} : null;
        // A view is read only if it is one: a latitude and longitude near Peru (its bounds widened
        // by 20 degrees) and a zoom the map has; anything else (1e308, a typo) fits Peru instead.
        function readView(text) {
            var parts = (text || "").split(",").map(Number), near = {{ this.bounds|tojson }};
            if (parts.length !== 3 || !parts.every(isFinite)) { return null; }
            var inside = parts[0] >= near[0][0] - 20 && parts[0] <= near[1][0] + 20 &&
                         parts[1] >= near[0][1] - 20 && parts[1] <= near[1][1] + 20;
            return inside && parts[2] >= viewMap.getMinZoom() && parts[2] <= viewMap.getMaxZoom() ? parts : null;
        }
        if (page) {
            shared = readView(new URLSearchParams(page.location.search).get("view"));
            try { shared = (viewKey && readView(page.sessionStorage.getItem(viewKey))) || shared; } catch (e) {}
        }
        // In the page the map fills its frame, whatever height the page's CSS gives the frame (a
        // phone's, figure mode's): otherwise its bottom, legend included, would be cut off.
        if (window.parent !== window) {
            viewMap.getContainer().style.height = "100vh";
            viewMap.invalidateSize();
        }
        // The first view, set without animation (an animated one would land after anything set
        // later), once the map has a size: its frame may still be laid out when this runs.
        function firstView() {
            if (shared) {
                viewMap.setView([shared[0], shared[1]], shared[2], {animate: false});
            } else {  // on a wide map, Peru sits right of the legend (bottom left, over the Pacific)
                var wide = viewMap.getSize().x >= {{ this.legend_room_from_px }};
                viewMap.fitBounds({{ this.bounds|tojson }},
                                  {paddingTopLeft: [wide ? {{ this.legend_px }} : 0, 0], animate: false});
            }
            if (page) {  // from now on every move goes into the page's address
                viewMap.on("moveend", function () {
                    var c = viewMap.getCenter(), params = new URLSearchParams(page.location.search);
                    var view = [c.lat.toFixed(4), c.lng.toFixed(4), viewMap.getZoom()].join(",");
                    params.set("view", view);
                    page.history.replaceState(page.history.state, "", "?" + params.toString() + page.location.hash);
                    try { if (viewKey) { page.sessionStorage.setItem(viewKey, view); } } catch (e) {}
                });
            }
        }
        window.peruWhenSized = function (map, action) {  // run action once the map has a size
            if (map.getSize().x > 0 && map.getSize().y > 0) { action(); return; }
            map.on("resize", function sized() {
                if (map.getSize().x > 0 && map.getSize().y > 0) {
                    map.off("resize", sized);
                    action();
                }
            });
        };
        window.peruWhenSized(viewMap, firstView);
        window.peruShapes = function (source) {
            if (typeof source !== "string") { return Promise.resolve(source); }
            var cache = window.__peruShapeCache = window.__peruShapeCache || {};
            if (!cache[source]) {
                cache[source] = fetch(source).then(function (response) {
                    if (!response.ok) { throw new Error(source + ": HTTP " + response.status); }
                    return response.json();
                });
            }
            return cache[source];
        };
        {% endmacro %}
    """)

    legend_px = settings.LEGEND_ROOM_PX
    legend_room_from_px = settings.LEGEND_FOLDED_BELOW_PX

    def __init__(self, lang: str = "en", view_scope: str = ""):
        super().__init__()
        self._name = "ShapeLoader"
        self.view_scope = view_scope
        self.touch_hint = t("Two fingers move the map", lang)
        self.zoom_in, self.zoom_out = t("Zoom in", lang), t("Zoom out", lang)
        self.wheel_hint = t("Zoom: Ctrl + wheel (⌘ + wheel on a Mac) or the + − buttons", lang)
        self.bounds = [list(corner) for corner in settings.PERU_BOUNDS]


class PayloadLayer(RenderedOnce, folium.FeatureGroup):
    """A layer built in the browser from one JSON ``payload`` by the subclass's ``_draw``
    script. It keeps folium's "FeatureGroup" element name, by which st_folium adds layers that
    change in place."""

    default_name = ""
    _draw = ""  # JavaScript that fills ``group`` (a featureGroup) from ``p`` (the payload)
    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.featureGroup();
        (function (group, p) {
        // A click on a marker opens its popup and stays there: passed up to the group, it would
        // reach streamlit-folium as a new "last drawing" and rerun the whole page.
        function addOwn(layer) { group.addLayer(layer); layer.removeEventParent(group); }
        // A marker's tooltip set as text, its popup from HTML escaped in Python.
        function labelled(marker, label, html, maxWidth) {
            var span = document.createElement("span");
            span.textContent = label;
            marker.bindTooltip(span);
            marker.bindPopup(function () {
                var div = document.createElement("div");
                div.innerHTML = html;
                return div;
            }, {maxWidth: maxWidth});
            return marker;
        }
        {{ this._draw }}
        })({{ this.get_name() }}, {{ this.payload|tojson }});
        {% endmacro %}
    """)

    def __init__(self, payload: dict, name: str | None = None):
        super().__init__(name=name or self.default_name)
        self.payload = payload

    def render(self, **kwargs) -> None:
        if self.show:  # what folium's Layer.render adds before its script
            self.add_child(ElementAddToElement(self.get_name(), self._parent.get_name()), name=self.get_name() + "_add")
        super().render(**kwargs)


class RegionLayer(PayloadLayer):
    """Regions drawn in the browser from shapes fetched once (:class:`ShapeLoader`) and a small
    table of values per region code, sent with every redraw. ``payload["style"]`` is
    ``"choropleth"`` (``values``: code -> [fill, line of the tooltip...]) or ``"outline"``
    (``popups``: code -> popup HTML escaped in Python; other regions are not drawn). Tooltip
    text is set as text, never as HTML."""

    _draw = """
            function text(lines) {
                var div = document.createElement("div");
                lines.forEach(function (line) {
                    var row = document.createElement("div");
                    var label = document.createElement("b");
                    label.textContent = line[0] + ": ";
                    row.appendChild(label);
                    row.appendChild(document.createTextNode(line[1]));
                    div.appendChild(row);
                });
                return div;
            }
            var choropleth = p.style === "choropleth";
            var shapes = L.geoJson(null, {
                pane: choropleth ? "peruRegions" : "peruOutlines",
                filter: function (f) {
                    if (!choropleth) { return p.popups[f.properties.code] !== undefined; }
                    return !p.focus || f.properties.code.indexOf(p.focus) === 0;  // codes nest
                },
                style: function (f) {
                    if (!choropleth) {
                        return {fill: false, color: "#000000", weight: 2.5, dashArray: "7 5"};
                    }
                    var v = p.values[f.properties.code];
                    return {fillColor: v ? v[0] : p.zero, fillOpacity: 0.8, color: "#555555", weight: p.weight};
                },
                onEachFeature: function (f, layer) {
                    if (!choropleth) {
                        layer.bindPopup(function () {
                            var div = document.createElement("div");
                            div.innerHTML = p.popups[f.properties.code];  // escaped in Python
                            return div;
                        }, {maxWidth: 380});
                        return;
                    }
                    var v = p.values[f.properties.code] || [p.zero].concat(p.empty);
                    var lines = [[p.fields[0], f.properties.name]];
                    for (var i = 1; i < p.fields.length; i++) { lines.push([p.fields[i], v[i]]); }
                    layer.bindTooltip(function () { return text(lines); }, {sticky: true});
                    layer.on("mouseover", function () { layer.setStyle({weight: 3, color: "#000000"}); });
                    layer.on("mouseout", function () { shapes.resetStyle(layer); });
                }
            });
            group.addLayer(shapes);
            window.peruShapes(p.shapes).then(function (data) { shapes.addData(data); });
            if (p.fit) {  // sent once, when the focus changes: later draws leave the user's view alone
                group.on("add", function () {
                    var map = group._map;
                    window.peruWhenSized(map, function () {  // beside the legend
                        var wide = map.getSize().x >= p.legend_room_from_px;
                        map.fitBounds(p.fit, {paddingTopLeft: [wide ? p.legend_px : 0, 0], animate: false});
                    });
                });
            }
    """


def _shapes(level: str, regions: gpd.GeoDataFrame, inline: bool, static_url: str) -> str | dict:
    """The shapes a :class:`RegionLayer` draws: the app's URL, or the GeoJSON itself."""
    if not inline:
        return settings.map_shapes_url(level, static_url)
    return json.loads(regions[["code", "name", "geometry"]].to_json(drop_id=True))


# Folium writes popup and tooltip HTML into JavaScript template literals, where a backtick, "${"
# or a backslash would be code: they are written as HTML character references instead.
_TEMPLATE_LITERAL = str.maketrans({"`": "&#96;", "$": "&#36;", "\\": "&#92;"})


def text_html(value: object) -> str:
    """Text from a data file made safe for HTML inside a folium popup or tooltip."""
    return html.escape(str(value), quote=True).translate(_TEMPLATE_LITERAL)


def _type_color(event_type: str) -> str:
    return settings.EVENT_TYPE_COLORS.get(event_type, settings.OTHER_TYPE_COLOR)


def _dot_px(px: int, placed_at: str) -> int:
    """Diameter of a dot: a hollow district ring needs room to read as a ring."""
    return max(px, settings.DISTRICT_MARKER_MIN_PX) if placed_at == settings.PLACED_AT_DISTRICT else px


def _dot_html(color: str, px: int, placed_at: str = "") -> str:
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


def _mine_html(is_project: bool) -> str:
    fill = "#ffffff" if is_project else "#111111"
    return (
        f'<div style="width:10px;height:10px;transform:rotate(45deg);background:{fill};'
        f'border:2px solid #111;box-sizing:border-box"></div>'
    )


def _link(url: str) -> str:
    if url.startswith(("http://", "https://")):
        safe = text_html(url)
        shown = url if len(url) <= 60 else url[:59] + "…"
        return f'<a href="{safe}" target="_blank" rel="noopener">{text_html(shown)}</a>'
    return text_html(url)


def _position(event, lang: str) -> str:
    district = region_names("district").get(getattr(event, "district_code", ""), "")
    return position_note(getattr(event, "placed_at", ""), event.geo_precision, district, lang)


def deaths_html(fatalities: int, kind: str, lang: str = "en") -> str:
    """``"<b>6</b> (soldiers)"``: the number of deaths and, when known, who died."""
    label = (fatalities == 1 and settings.FATALITY_KIND_ONE.get(kind)) or settings.FATALITY_KIND_SHORT.get(kind, "")
    shown = f" ({text_html(t(label, lang))})" if fatalities and label else ""
    return f"<b>{number(int(fatalities), lang)}</b>{shown}"


def event_popup_html(event, lang: str = "en") -> str:
    """Popup of one event: date, place and how well it is known, type, deaths by kind, the mine
    it is about, notes and source link, in ``lang`` (types with their Spanish label). Every text
    is escaped."""
    injured = "" if pd.isna(event.injured) else t("; injured: {n}", lang, n=number(int(event.injured), lang))
    place = ", ".join(p for p in (event.location, event.admin2, event.admin1) if p)
    note = _position(event, lang)
    where = f"<br><i>{text_html(note)}</i>" if note else ""
    mine = ""
    if getattr(event, "mine_basis", "") == NAMED_IN_ROW:
        mine = t("About: {mine} (named in the row)", lang, mine=f"<b>{text_html(event.mine_name)}</b>") + "<br>"
    deaths = deaths_html(event.fatalities, getattr(event, "fatality_kind", ""), lang)
    kinds = " / ".join(type_label(k, lang) for k in (event.event_type, event.sub_event_type) if k)
    return (
        f"<b>{day(event.event_date, lang)}</b> — {text_html(place)}{where}<br>{text_html(kinds)}<br>"
        f"{t('Fatalities: ', lang)}{deaths}{injured}<br>{mine}"
        f"<small>{text_html(event.notes)}</small><br>{t('Source:', lang)} "
        f"{_link(event.source) if event.source.strip() else '<i>' + t('not given', lang) + '</i>'}"
    )


def metrics_for_level(level: str) -> list[str]:
    """The choropleth metrics offered at ``level``: the rate per 100,000 needs population, which is
    bundled for departments only."""
    return [m for m in settings.METRICS if level == "department" or m != settings.RATE_METRIC]


def _choropleth(data: MapInput, inline: bool) -> tuple[RegionLayer, Classes]:
    metric = data.metric
    if metric not in settings.METRICS:
        raise ArgumentError(f"metric must be one of {', '.join(settings.METRICS)}, not '{metric}'")
    if metric not in metrics_for_level(data.level):
        raise ArgumentError(
            "events per 100,000 inhabitants exist only at department level (population is bundled for departments only)"
        )
    by_code = data.counts.set_index("code")
    by_code = by_code[by_code.index != settings.UNASSIGNED]
    value = by_code[metric].astype(float).fillna(0.0)
    integer = metric != settings.RATE_METRIC
    lang = data.lang
    if data.class_values is None:
        classes = classify(value, integer=integer, lang=lang)
    else:
        fixed = data.class_values.drop(settings.UNASSIGNED, errors="ignore")
        classes = classify(pd.concat([fixed.astype(float), value]).groupby(level=0).max(), integer=integer, lang=lang)
    kinds = kind_columns(by_code.columns)
    deaths = [
        number(int(row["fatalities"]), lang)
        + (f" ({describe(row[kinds].to_dict(), lang)})" if row["fatalities"] else "")
        for _, row in by_code.iterrows()
    ]
    labels = [number(int(v), lang) if integer else number(v, lang, decimals=2) for v in value]
    fields = [level_word(data.level, lang, capital=True), t(settings.METRICS[metric], lang)]
    if metric == "fatalities":
        lines = [[d] for d in deaths]
    else:
        fields.append(t("Fatalities", lang))
        lines = [[label, d] for label, d in zip(labels, deaths)]
    values = {code: [classes.color_for(v), *line] for code, v, line in zip(by_code.index, value, lines)}
    shapes = _shapes(data.level, data.regions, inline, data.static_url)
    payload = {
        "style": "choropleth",
        "shapes": shapes,
        "values": values,
        "fields": fields,
        "zero": settings.ZERO_COLOR,
        "empty": ["0"] * (len(fields) - 1),
        "weight": {"department": 1.0, "province": 0.6, "district": 0.3}[data.level],
        "focus": data.focus or "",
        "fit": data.fit,
        "legend_px": settings.LEGEND_ROOM_PX,
        "legend_room_from_px": settings.LEGEND_FOLDED_BELOW_PX,
    }
    return RegionLayer(payload, name=map_title(data)), classes


def map_title(data: MapInput) -> str:
    """ "Events by department": the choropleth's name and the legend's title."""
    return t(
        "{metric} by {level}",
        data.lang,
        metric=t(settings.METRICS[data.metric], data.lang),
        level=level_word(data.level, data.lang),
    )


class EventLayer(PayloadLayer):
    """All drawn events as one layer built in the browser from one JSON payload (geo/analysis/points.py).

    Each event is an ``L.circleMarker``: its tooltip is set as text, its popup from HTML escaped
    in Python; in "cells" mode each cell is one circle with its count. Nothing from the events
    file is ever written into the script as code.
    """

    default_name = "Events"

    _draw = """
            function text(value) {
                var span = document.createElement("span");
                span.textContent = value;
                return span;
            }
            function eventLines(i) {  // one event's popup, built from HTML escaped in Python or as text
                var div = document.createElement("div");
                if (p.popups) {
                    div.innerHTML = p.popups[i];  // escaped in Python (geo.map.layers.event_popup_html)
                } else {
                    [p.labels[i], p.type_labels[p.rows[i][2]], p.words.fatalities + p.rows[i][3],
                     p.words.notes].forEach(function (line) {
                        div.appendChild(text(line));
                        div.appendChild(document.createElement("br"));
                    });
                }
                return div;
            }
            // Events sharing their coordinates are one marker with their count; its popup lists
            // them all, deadliest first (geo.analysis.points.colocated). It is drawn where its deadliest
            // event would be, so the deadliest stay on top.
            var groupOf = {}, lastOf = {};
            (p.groups || []).forEach(function (members) {
                var last = Math.max.apply(null, members);
                members.forEach(function (i) { groupOf[i] = members; lastOf[i] = last; });
            });
            function placeMarker(members) {
                var top = members[0], r = p.rows[top], deaths = 0;
                members.forEach(function (i) { deaths += p.rows[i][3]; });
                var marker = L.circleMarker([r[0], r[1]], {
                    radius: r[5] / 2 + 2, className: "peru-event peru-event-place",
                    fillColor: p.colors[r[2]], fillOpacity: 0.9, color: "#111111", weight: 2.5});
                var words = p.words.here.replace("{n}", members.length)
                    .replace("{deaths}", deaths === 1 ? p.words.death : p.words.deaths.replace("{n}", deaths));
                marker.bindTooltip(text(words + " · " + p.labels[top]));
                marker.bindPopup(function () {
                    var div = document.createElement("div");
                    div.className = "peru-place-popup";
                    div.style.maxHeight = "300px";
                    div.style.overflowY = "auto";
                    var head = document.createElement("b");
                    head.textContent = words + p.words.deadliest;
                    div.appendChild(head);
                    members.forEach(function (i) {
                        div.appendChild(document.createElement("hr"));
                        var item = eventLines(i);
                        item.className = "peru-place-event";
                        div.appendChild(item);
                    });
                    return div;
                }, {maxWidth: 360});
                marker.peruDeaths = deaths;
                marker.peruCount = members.length;
                var badge = L.marker([r[0], r[1]], {interactive: false, keyboard: false, icon: L.divIcon({
                    className: "peru-event-count", iconSize: null, iconAnchor: [-r[5] / 2 - 1, r[5] / 2 + 9],
                    html: "<span style='font:bold 11px sans-serif;color:#111;background:#fff;"
                        + "border:1px solid #111;border-radius:7px;padding:0 3px'>" + members.length + "</span>"})});
                return [marker, badge];
            }
            p.rows.forEach(function (r, i) {
                var marker;
                if (p.mode === "events" && groupOf[i]) {
                    if (lastOf[i] === i) {
                        placeMarker(groupOf[i]).forEach(addOwn);
                    }
                    return;
                }
                if (p.mode === "events") {
                    var colour = p.colors[r[2]], placed = r[4];
                    marker = L.circleMarker([r[0], r[1]], {
                        radius: r[5] / 2, className: "peru-event",
                        fillColor: placed === 2 ? "#ffffff" : colour, fillOpacity: 0.9,
                        color: placed === 2 ? colour : "#222222",
                        weight: placed === 2 ? 3 : (placed === 1 ? 2 : 1.5),
                        dashArray: placed === 2 ? "2 3" : (placed === 1 ? "4 3" : null)});
                    marker.bindTooltip(text(p.labels[i]));
                    marker.bindPopup(function () { return eventLines(i); }, {maxWidth: 340});
                    marker.peruDeaths = r[3];
                } else {
                    marker = L.circleMarker([r[0], r[1]], {
                        radius: r[5] / 2, className: "peru-event-cell", fillColor: p.colors[r[4]],
                        fillOpacity: 0.75, color: "#111111", weight: 1.5});
                    var words = (r[2] === 1 ? p.words.event : p.words.events.replace("{n}", r[2])) + ", "
                        + (r[3] === 1 ? p.words.death : p.words.deaths.replace("{n}", r[3]));
                    marker.bindTooltip(text(words));
                    marker.bindPopup(text(words + p.words.cell));
                    marker.peruDeaths = r[3];
                }
                addOwn(marker);
            });
    """


def _events(data: MapInput) -> tuple[EventLayer, EventPayload]:
    """The filtered events that have a known position as one layer, and its payload."""
    lang = data.lang
    payload = event_payload(data.events, partial(event_popup_html, lang=lang), lang)
    name = (
        t("Events", lang)
        if payload.mode == "events"
        else t("Events in {degrees}° cells", lang, degrees=number(payload.cell_degrees, lang))
    )
    degrees = number(payload.cell_degrees or 0, lang)
    words = {
        "event": t("1 event", lang),
        "events": t("{n} events", lang),
        "death": t("1 death", lang),
        "deaths": t("{n} deaths", lang),
        "fatalities": t("Fatalities: ", lang),
        "notes": t("Notes and source: in the events table below.", lang),
        "here": t("{n} events here, {deaths}", lang),
        "deadliest": t(" (deadliest first):", lang),
        "cell": t(" in this {degrees}° cell; the tables below list every event", lang, degrees=degrees),
    }
    return EventLayer({**payload.data, "words": words}, name=name), payload


def mine_popup_html(mine, radius_km: float, lang: str = "en") -> str:
    """Popup of one mine: operator, commodity, status, and under the current filter the events
    about it (rows naming it) apart from the events within the radius, with deaths by kind."""
    status = t("Contested project (not producing in 2022–23)", lang) if mine.is_project else t("Producing mine", lang)
    links = " ".join(_link(u) for u in mine.source_url.split(";")[:2] if u)
    kinds = {k: int(getattr(mine, k)) for k in kind_columns(mine._fields)}
    near_deaths = f" ({text_html(describe(kinds, lang))})" if mine.fatalities else ""

    def bold(n: int) -> str:
        return f"<b>{number(n, lang)}</b>"

    def counts(events: int, deaths: int) -> str:
        return (
            f"{count(events, '1 event', '{n} events', lang, bold(events))}, "
            f"{count(deaths, '1 fatality', '{n} fatalities', lang, bold(deaths))}"
        )

    return (
        f"<b>{text_html(mine.name)}</b> — {text_html(mine.department)}<br>{status}<br>"
        f"{text_html(mine.operator)}; {text_html(commodity_words(mine.commodity, lang))}<br>"
        f"{t('About this mine (rows naming it):', lang)} {counts(mine.named_events, mine.named_fatalities)}<br>"
        f"{t('Within {km} km (any subject):', lang, km=number(radius_km, lang))} "
        f"{counts(mine.events, mine.fatalities)}{near_deaths}"
        f"<br><small>{t('Source:', lang)} {links}</small>"
    )


class MineLayer(PayloadLayer):
    """The located mines as one layer built in the browser from one JSON payload: a diamond
    marker (black: producing mine, white: contested project) above a dotted ring of the radius
    (dots, where the emergency outlines are dashes).
    Tooltips are set as text; popups are HTML escaped in Python (:func:`mine_popup_html`). A
    click reaches the page as a feature whose ``properties.mine`` is the mine's name
    (:func:`clicked_mine`)."""

    _draw = """
            p.rows.forEach(function (r) {
                // A white band under the black dots: the ring reads on the darkest class as on the palest.
                group.addLayer(L.circle([r[0], r[1]], {
                    radius: p.radius_m, color: "#ffffff", weight: 4, opacity: 0.8, fill: false, interactive: false}));
                group.addLayer(L.circle([r[0], r[1]], {
                    radius: p.radius_m, color: "#111111", weight: 2, dashArray: "0.5 5", lineCap: "round", fill: false,
                    interactive: false}));
                var marker = L.marker([r[0], r[1]], {
                    icon: L.divIcon({html: p.icons[r[2]], iconSize: [10, 10], iconAnchor: [5, 5],
                                     className: "peru-mine"})});
                labelled(marker, r[3], r[4], 340);  // r[4] escaped in Python (geo.map.layers.mine_popup_html)
                // A click on a mine is passed on (it studies the mine in the page): the feature's
                // properties name it, and nothing else.
                marker.feature = {type: "Feature", properties: {mine: r[5]}, geometry: null};
                group.addLayer(marker);
            });
    """


def _mines(data: MapInput) -> MineLayer:
    lang = data.lang
    kind = {True: t("project", lang), False: t("mine", lang)}
    rows = [
        [
            mine.latitude,
            mine.longitude,
            int(mine.is_project),
            f"{mine.name} ({kind[bool(mine.is_project)]})",
            mine_popup_html(mine, data.radius_km, lang),
            mine.name,
        ]
        for mine in data.mines[data.mines["has_location"]].itertuples(index=False)
    ]
    payload = {"rows": rows, "radius_m": data.radius_km * 1000, "icons": [_mine_html(False), _mine_html(True)]}
    return MineLayer(payload, name=t("Mines and {km} km rings", lang, km=number(data.radius_km, lang)))


def _emergency(data: MapInput, inline: bool) -> RegionLayer | None:
    if data.emergency.empty:
        return None
    said = t("state of emergency or curfew", data.lang)
    scopes = {WHOLE_DEPARTMENT: t(WHOLE_DEPARTMENT, data.lang)}
    popups = {
        r.code: f"<b>{text_html(r.name)}</b>: {said} ({text_html(scopes.get(r.scope, r.scope))})<br>"
        + "<br>".join(text_html(line) for line in r.decrees.split("\n"))
        for r in data.emergency.itertuples()
    }
    shapes = _shapes("department", data.departments, inline, data.static_url)
    payload = {"style": "outline", "shapes": shapes, "popups": popups}
    return RegionLayer(payload, name=t("State of emergency / curfew", data.lang))


class RoadblockLayer(PayloadLayer):
    """Aggregate roadblock reports, one white box per department at a point inside it, holding
    their number; its popup lists them by day, each with its source. Popups are HTML escaped in
    Python (:func:`roadblock_popup_html`), tooltips set as text. A click opens the popup and stays
    in the map (``addOwn``): passed up to the page it would rerun it, and the redrawn layer closed
    the popup at once."""

    _draw = """
            p.rows.forEach(function (r) {
                var marker = L.marker([r[0], r[1]], {icon: L.divIcon({
                    html: p.box.replace("N", String(r[2])), iconSize: [22, 18], iconAnchor: [11, 9],
                    className: "peru-roadblock"})});
                addOwn(labelled(marker, r[3], r[4], 380));  // r[4] escaped in Python (roadblock_popup_html)
            });
    """


def roadblock_popup_html(reports: pd.DataFrame, lang: str = "en") -> str:
    """Popup of a department's aggregate roadblock reports: each day, its note and its source
    link (a source that is not an http(s) address is shown as text). Every text is escaped."""
    source = t("Source:", lang)
    return "<br>".join(
        f"<b>{day(r.event_date, lang)}</b>: {text_html(r.notes)} <small>{source} "
        f"{_link(r.source) if str(r.source).strip() else '<i>' + t('not given', lang) + '</i>'}</small>"
        for r in reports.itertuples()
    )


def _roadblocks(data: MapInput) -> RoadblockLayer | None:
    reports = data.roadblocks
    if reports.empty:
        return None
    per_department = reports[reports["department_code"] != ""].groupby("department_code")
    points = data.departments.set_index("code").geometry.representative_point()
    lang = data.lang
    rows = [
        [
            points[code].y,
            points[code].x,
            len(found),
            t("1 aggregate roadblock report", lang)
            if len(found) == 1
            else t("{n} aggregate roadblock reports", lang, n=len(found)),
            roadblock_popup_html(found, lang),
        ]
        for code, found in per_department
    ]
    box = (
        '<div style="background:#fff;border:1.5px solid #111;font:bold 11px sans-serif;'
        'padding:1px 3px;white-space:nowrap">N</div>'
    )
    return RoadblockLayer({"rows": rows, "box": box}, name=t("Roadblock reports (aggregate counts)", lang))


def legend_html(data: MapInput, classes: Classes | None, drawn: EventPayload | None) -> str:
    """The legend box: title with level and period, classes, then the symbols in use."""
    lang = data.lang
    rows = [f'<div style="margin:2px 0 4px">{text_html(data.period)}</div>'] if data.period else []

    def swatch(color: str, label: str) -> str:
        return (
            f'<div><span style="display:inline-block;width:16px;height:11px;background:{color};'
            f'border:1px solid #555;margin-right:5px;vertical-align:middle"></span>{label}</div>'
        )

    def symbol(html_symbol: str, words: str) -> str:
        return f'<div style="display:flex;align-items:center;gap:5px">{html_symbol}{words}</div>'

    if classes is not None:
        rows.append(swatch(settings.ZERO_COLOR, "0"))
        rows += [swatch(c, text_html(lab)) for c, lab in zip(classes.colors, classes.labels)]
        if data.class_values is not None and data.classes_period:
            rows.append(
                f'<div style="font-size:10px">'
                f"{t('classes fixed over {period}', lang, period=text_html(data.classes_period))}</div>"
            )
    if drawn is not None:
        rows.append(f'<div style="margin-top:5px;font-weight:bold">{t("Events", lang)}</div>')
        for label, colour in zip(drawn.data["type_labels"], drawn.data["colors"]):
            rows.append(symbol(_dot_html(colour, 11).replace("<div", '<div class="dot"', 1), text_html(label)))
        if drawn.mode == "events":
            if drawn.data.get("groups"):
                rows.append(
                    symbol(
                        '<span style="font:bold 10px sans-serif;border:1px solid #111;border-radius:7px;'
                        'padding:0 3px">3</span>',
                        t("events at one place: click for the list", lang),
                    )
                )
            sizes = " ".join(
                f'<span style="display:inline-block;vertical-align:middle">{_dot_html("#bbbbbb", marker_px(f))}'
                f"</span> {f}"
                for f in (0, 1, 10)
            )
            rows.append(f"<div>{t('Size = fatalities:', lang)} {sizes}</div>")
            rows.append(symbol(_dot_html("#bbbbbb", 11, settings.PLACED_AT_TOWN), t("placed at the town", lang)))
            rows.append(
                symbol(_dot_html("#888888", 12, settings.PLACED_AT_DISTRICT), t("somewhere in the district", lang))
            )
        else:
            rows.append(
                "<div><i>"
                + t(
                    "{events} events, too many to draw one by one, grouped in {cells} cells of {degrees}°: "
                    "circle area = events, colour = the most frequent type",
                    lang,
                    events=number(drawn.drawn_events, lang),
                    cells=number(drawn.rows, lang),
                    degrees=number(drawn.cell_degrees, lang),
                )
                + "</i></div>"
            )
        hidden = len(data.events) - drawn.drawn_events
        if hidden:
            rows.append(
                "<div><i>"
                + count(
                    hidden,
                    "1 event without a precise position is not drawn: it counts in the region it names, or "
                    "as unassigned",
                    "{n} events without a precise position are not drawn: they count in the region "
                    "they name, or as unassigned",
                    lang,
                )
                + "</i></div>"
            )
    if data.toggles.mines:
        rows.append(f'<div style="margin-top:5px;font-weight:bold">{t("Mines", lang)}</div>')
        rows.append(
            f'<div style="display:flex;align-items:center;gap:6px">{_mine_html(False)} '
            f"{t('producing mine', lang)} &nbsp;{_mine_html(True)} {t('project', lang)}</div>"
        )
        rows.append(
            '<div><span style="display:inline-block;width:22px;border-top:2.5px dotted #111;'
            'vertical-align:middle;margin-right:5px"></span>'
            f"{t('{km} km around a mine', lang, km=number(data.radius_km, lang))}</div>"
        )
    if data.toggles.emergency and not data.emergency.empty:
        rows.append(
            '<div style="margin-top:3px"><span style="display:inline-block;width:22px;'
            'border-top:2.5px dashed #000;vertical-align:middle;margin-right:5px"></span>'
            f"{t('state of emergency / curfew in force', lang)}</div>"
        )
    if data.toggles.roadblocks and not data.roadblocks.empty:
        rows.append(
            '<div style="margin-top:3px"><span style="border:1.5px solid #111;padding:0 3px;'
            'font-weight:bold">2</span> '
            f"{t('aggregate roadblock reports in the department (not counted as events)', lang)}</div>"
        )
    credit = t(
        "Boundaries: {credit}. Events: sourced, see table.", lang, credit=text_html(t(settings.BOUNDARIES_CREDIT, lang))
    )
    rows.append(f'<div style="margin-top:4px;color:#333;font-size:10px">{credit}</div>')
    # Folded, the legend is its title: the page folds it on narrow maps and whenever a popup opens.
    return (
        '<div style="background:#ffffff;color:#000000;border:1px solid #333;padding:4px 8px;'
        'font:12px/1.35 Arial, sans-serif;max-width:250px"><details open>'
        f'<summary style="font-weight:bold;cursor:pointer" title="{t("Fold or unfold the legend", lang)}">'
        f"{text_html(map_title(data))}</summary>" + "".join(rows) + "</details></div>"
    )


@dataclass
class MapLayers:
    """A map in the two parts st_folium keeps apart. The frame (extent, basemap, assets) is the
    same whatever the filter, so the browser keeps its map, zoom and centre; the layers are
    what a filter changes, replaced in place (``st_folium(frame, feature_group_to_add=layers,
    layer_control=control)``)."""

    frame: folium.Map
    layers: list[folium.FeatureGroup]
    control: folium.LayerControl


def build_layers(data: MapInput, inline: bool = False) -> MapLayers:
    """Every layer the toggles ask for, the legend, and the frame they are drawn in.

    Region shapes are fetched by the browser from the app (once per level), or written into
    the layers with ``inline`` (a map that must open as one file).
    """
    frame = folium.Map(
        location=settings.PERU_CENTER,
        zoom_start=settings.PERU_ZOOM,
        tiles=None,
        control_scale=False,
        maxZoom=18,
        zoomSnap=0.25,
    )  # our own scale bar: ShapeLoader
    ShapeLoader(data.lang, data.view_scope).add_to(frame)
    if data.toggles.basemap:
        folium.TileLayer("OpenStreetMap", name=t("OpenStreetMap (needs internet)", data.lang), overlay=False).add_to(
            frame
        )
    layers, classes, drawn = [], None, None
    if data.toggles.choropleth:
        group, classes = _choropleth(data, inline)
        layers.append(group)
    if data.toggles.emergency:
        layers.append(_emergency(data, inline))
    if data.toggles.roadblocks:
        layers.append(_roadblocks(data))
    if data.toggles.mines:
        layers.append(_mines(data))
    if data.toggles.events:
        group, drawn = _events(data)
        layers.append(group)
    legend = folium.FeatureGroup(name=t("Legend", data.lang), control=False)
    Legend(legend_html(data, classes, drawn)).add_to(legend)
    layers = [group for group in layers if group is not None] + [legend]
    for element in (frame, *layers):
        localize_assets(element, data.static_url)
    return MapLayers(frame, layers, folium.LayerControl(collapsed=True))


def build_map(data: MapInput) -> folium.Map:
    """The whole map as one folium object, shapes included (for a standalone page or a test)."""
    parts = build_layers(data, inline=True)
    for group in parts.layers:
        group.add_to(parts.frame)
    parts.control.add_to(parts.frame)
    return parts.frame


def feature_code(clicked: dict | None) -> str | None:
    """INEI code of the region a st_folium click returned (``last_active_drawing``), if any."""
    if not clicked:
        return None
    properties = clicked.get("properties") or {}
    code = properties.get("code")
    return str(code) if code else None


def clicked_mine(clicked: dict | None) -> str | None:
    """Name of the mine a st_folium click returned (``last_active_drawing``), if any."""
    name = ((clicked or {}).get("properties") or {}).get("mine")
    return str(name) if name else None


def map_html(folium_map: folium.Map) -> str:
    """The map as one standalone HTML page (assets still point at the app's static URL)."""
    return folium_map.get_root().render()
