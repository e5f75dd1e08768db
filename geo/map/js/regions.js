// Regions drawn from shapes fetched once (window.peruShapes) and a table of values per region
// code (geo.map.regions.RegionLayer). Run inside function (group, p) after payload.js.
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
