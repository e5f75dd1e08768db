// Every drawn event, or the cells that group them (geo.map.events.EventLayer).
// Run inside function (group, p) after payload.js.
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
