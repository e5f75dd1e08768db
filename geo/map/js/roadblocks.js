// One box per department counting its aggregate roadblock reports (geo.map.roadblocks.RoadblockLayer).
// Run inside function (group, p) after payload.js.
p.rows.forEach(function (r) {
    var marker = L.marker([r[0], r[1]], {icon: L.divIcon({
        html: p.box.replace("N", String(r[2])), iconSize: [22, 18], iconAnchor: [11, 9],
        className: "peru-roadblock"})});
    addOwn(labelled(marker, r[3], r[4], 380));  // r[4] escaped in Python (roadblock_popup_html)
});
