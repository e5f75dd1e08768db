#!/usr/bin/env bash
# Refresh static/vendor/ from the npm registry (run from the repository root; needs npm).
# The files are committed, so neither users nor CI run this: the app never downloads anything.
set -euo pipefail
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent leaflet@1.9.3 leaflet.markercluster@1.1.0 jquery@3.7.1 >/dev/null)
mkdir -p "$tmp/leaflet" "$tmp/cluster" "$tmp/jquery" static/vendor/leaflet static/vendor/leaflet.markercluster static/vendor/jquery
tar xzf "$tmp"/leaflet-1.9.3.tgz -C "$tmp/leaflet"
tar xzf "$tmp"/leaflet.markercluster-1.1.0.tgz -C "$tmp/cluster"
tar xzf "$tmp"/jquery-3.7.1.tgz -C "$tmp/jquery"
cp -r "$tmp"/leaflet/package/dist/{leaflet.js,leaflet.css,images} "$tmp"/leaflet/package/LICENSE static/vendor/leaflet/
cp "$tmp"/cluster/package/dist/{leaflet.markercluster.js,MarkerCluster.css,MarkerCluster.Default.css} \
   "$tmp"/cluster/package/MIT-LICENCE.txt static/vendor/leaflet.markercluster/
cp "$tmp"/jquery/package/dist/jquery.min.js "$tmp"/jquery/package/LICENSE.txt static/vendor/jquery/
echo "static/vendor refreshed"
