// The map's frame, set up once per map (geo.map.frame.ShapeLoader). Run inside
// function (map, o): ``map`` is the L.Map, ``o`` the options written by Python (texts in the
// page's language, Peru's bounds, the legend's room, the name of this map's view).
// Region shapes arrive after the other layers: their own panes keep them beneath events,
// rings and markers (Leaflet's overlay pane is 400), whatever order they are drawn in.
map.createPane("peruRegions").style.zIndex = 350;
map.createPane("peruOutlines").style.zIndex = 360;
// The zoom buttons' titles in the page's language.
var zoom = map.zoomControl;
if (zoom) {
    [[zoom._zoomInButton, o.zoom_in], [zoom._zoomOutButton, o.zoom_out]]
        .forEach(function (pair) { pair[0].title = pair[1]; pair[0].setAttribute("aria-label", pair[1]); });
}
// In the app's page the mouse wheel scrolls the page, as it does above and below the map
// (Leaflet's wheel zoom caught it: the map flew out to the whole world and the page stuck);
// Ctrl or Cmd with the wheel (a trackpad's pinch sends Ctrl) zooms, with Leaflet's own
// smooth zoom about the pointer. Said on hover. A map saved as one file is the page: there
// the wheel zooms, as usual.
if (window.parent !== window) {
    var wheelMap = map;
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
        div.textContent = o.wheel_hint;
        return div;
    };
    if (!L.Browser.mobile) { wheelHint.addTo(wheelMap); }
    var wheelCss = document.createElement("style");
    wheelCss.textContent = ".peru-wheel-hint{display:none;background:#fff;border:1px solid #333;"
        + "padding:2px 6px;font:12px sans-serif}.leaflet-container:hover .peru-wheel-hint{display:block}";
    document.head.appendChild(wheelCss);
}
// A scale bar in kilometres only (Leaflet's also shows miles, which neither reader uses).
L.control.scale({imperial: false}).addTo(map);
// Popups never wider than a phone's screen; long words and links wrap. Tooltips wrap too: a
// region's deaths by kind on one line ran under the legend, hiding the region's name.
var popupCss = document.createElement("style");
popupCss.textContent = ".leaflet-popup-content{max-width:calc(100vw - 80px);overflow-wrap:anywhere}"
    + ".leaflet-tooltip{white-space:normal;width:max-content;max-width:240px}";
document.head.appendChild(popupCss);
// On a phone one finger scrolls the page, as everywhere else on it; two fingers move and
// zoom the map (Leaflet's pinch). A hint says so, once.
if (L.Browser.mobile) {
    var phoneMap = map;
    phoneMap.dragging.disable();
    var hint = L.control({position: "topright"});
    hint.onAdd = function () {
        var div = L.DomUtil.create("div", "peru-touch-hint");
        div.textContent = o.touch_hint;
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
var viewMap = map, page = null, shared = null;
try {
    if (window.parent !== window && window.parent.location.search !== undefined) { page = window.parent; }
} catch (e) { page = null; }  // a page of another origin
// The last view of this map, if the page made it anew (its language changed): the page's
// own address may have lost it meanwhile. Kept for the browser tab only.
var viewKey = o.view_scope ? "peruView:" + o.view_scope : null;
// A view is read only if it is one: a latitude and longitude near Peru (its bounds widened
// by 20 degrees) and a zoom the map has; anything else (1e308, a typo) fits Peru instead.
function readView(text) {
    var parts = (text || "").split(",").map(Number), near = o.bounds;
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
        var wide = viewMap.getSize().x >= o.legend_room_from_px;
        viewMap.fitBounds(o.bounds,
                          {paddingTopLeft: [wide ? o.legend_px : 0, 0], animate: false});
    }
    if (page) {  // from now on every move goes into the page's address
        viewMap.on("moveend", writeView);
        if (shared) { writeView(); }  // a view kept for this tab goes back into an address that lost it
    }
}
function writeView() {
    var c = viewMap.getCenter(), params = new URLSearchParams(page.location.search);
    var view = [c.lat.toFixed(4), c.lng.toFixed(4), viewMap.getZoom()].join(",");
    params.set("view", view);
    page.history.replaceState(page.history.state, "", "?" + params.toString() + page.location.hash);
    try { if (viewKey) { page.sessionStorage.setItem(viewKey, view); } } catch (e) {}
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
