// The legend box as a layer of ``parent`` (a map or a feature group: removing the group
// removes the box). Run inside function (parent, o): ``o.html`` is the box, escaped in Python,
// ``o.fold_below_px`` the map width under which it opens folded (geo.map.legend.Legend).
parent.addLayer(new (L.Layer.extend({
    onAdd: function (map) {
        this._control = L.control({position: "bottomleft"});  // over the Pacific, not Peru
        this._control.onAdd = function () {
            var div = L.DomUtil.create("div", "peru-legend");
            div.innerHTML = o.html;
            L.DomEvent.disableClickPropagation(div);
            return div;
        };
        this._control.addTo(map);
        var box = this._control.getContainer().querySelector("details");
        if (map.getSize().x < o.fold_below_px) { box.open = false; }
        // A popup is never hidden under the legend: opening one folds it.
        this._fold = function () { box.open = false; };
        map.on("popupopen", this._fold);
    },
    onRemove: function (map) { map.off("popupopen", this._fold); map.removeControl(this._control); }
}))());
