#!/usr/bin/env bash
# Refresh static/vendor/ from the npm registry (run from the repository root; needs npm), and
# write static/vendor/manifest.json: folium's CDN URL -> the copy under static/. geo/map/offline.py
# reads that manifest, for the page (links under the app's static URL) and for a map saved as
# one HTML file (the files written into it).
# The files are committed, so neither users nor CI run this: the app never downloads anything.
set -euo pipefail
LEAFLET=1.9.3 CLUSTER=1.1.0 JQUERY=3.7.1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "leaflet@$LEAFLET" "leaflet.markercluster@$CLUSTER" "jquery@$JQUERY" >/dev/null)
mkdir -p "$tmp/leaflet" "$tmp/cluster" "$tmp/jquery" static/vendor/leaflet static/vendor/leaflet.markercluster static/vendor/jquery
tar xzf "$tmp/leaflet-$LEAFLET.tgz" -C "$tmp/leaflet"
tar xzf "$tmp/leaflet.markercluster-$CLUSTER.tgz" -C "$tmp/cluster"
tar xzf "$tmp/jquery-$JQUERY.tgz" -C "$tmp/jquery"
cp -r "$tmp"/leaflet/package/dist/{leaflet.js,leaflet.css,images} "$tmp"/leaflet/package/LICENSE static/vendor/leaflet/
cp "$tmp"/cluster/package/dist/{leaflet.markercluster.js,MarkerCluster.css,MarkerCluster.Default.css} \
   "$tmp"/cluster/package/MIT-LICENCE.txt static/vendor/leaflet.markercluster/
cp "$tmp"/jquery/package/dist/jquery.min.js "$tmp"/jquery/package/LICENSE.txt static/vendor/jquery/
# The URLs are the ones folium 0.20 lists on its elements (default_js / default_css).
cat > static/vendor/manifest.json <<JSON
{
  "about": "folium's asset URL -> our copy under static/ (written by scripts/vendor_assets.sh)",
  "assets": {
    "https://code.jquery.com/jquery-$JQUERY.min.js": "vendor/jquery/jquery.min.js",
    "https://cdn.jsdelivr.net/npm/leaflet@$LEAFLET/dist/leaflet.js": "vendor/leaflet/leaflet.js",
    "https://cdn.jsdelivr.net/npm/leaflet@$LEAFLET/dist/leaflet.css": "vendor/leaflet/leaflet.css",
    "https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/$CLUSTER/leaflet.markercluster.js": "vendor/leaflet.markercluster/leaflet.markercluster.js",
    "https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/$CLUSTER/MarkerCluster.css": "vendor/leaflet.markercluster/MarkerCluster.css",
    "https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/$CLUSTER/MarkerCluster.Default.css": "vendor/leaflet.markercluster/MarkerCluster.Default.css"
  }
}
JSON
echo "static/vendor refreshed"
