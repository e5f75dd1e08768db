// Helpers of every layer built in the browser from one JSON payload (geo.map.base.PayloadLayer).
// Run inside function (group, p), before the layer's own script: ``group`` is the layer's
// L.featureGroup, ``p`` its payload.
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
