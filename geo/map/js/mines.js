// The located mines with their radius rings (geo.map.mines.MineLayer).
// Run inside function (group, p) after payload.js.
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
