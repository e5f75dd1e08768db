"""Serve every JavaScript/CSS file a map needs from the app itself: no CDN, no internet.

folium names its assets by CDN URL on each element's ``default_js``/``default_css``;
streamlit-folium and ``Map.save`` both read those lists. :func:`localize_assets` replaces them, on
each element of one map (never on the shared class lists), with the copies in ``static/vendor/``,
and fails loudly for a URL that has no local copy.
"""

from collections.abc import Iterator

import branca
import folium

from . import settings
from .errors import OfflineAssetError

# CDN URL folium uses -> path under static/ (copies from the npm packages leaflet@1.9.3 and
# leaflet.markercluster@1.1.0 and jquery@3.7.1, made by scripts/vendor_assets.sh).
LOCAL_ASSETS = {
    # folium builds every Popup's content with jQuery's $(...), so it cannot be left out.
    "https://code.jquery.com/jquery-3.7.1.min.js": "vendor/jquery/jquery.min.js",
    "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js": "vendor/leaflet/leaflet.js",
    "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css": "vendor/leaflet/leaflet.css",
    "https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/1.1.0/leaflet.markercluster.js":
        "vendor/leaflet.markercluster/leaflet.markercluster.js",
    "https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/1.1.0/MarkerCluster.css":
        "vendor/leaflet.markercluster/MarkerCluster.css",
    "https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/1.1.0/MarkerCluster.Default.css":
        "vendor/leaflet.markercluster/MarkerCluster.Default.css",
}
# folium.Map also lists Bootstrap, Font Awesome and awesome-markers for folium.Icon. No
# layer of ours uses them (markers are DivIcons, the legend is plain HTML), so they are left out
# instead of shipping ~2 MB nobody loads. A map that adds folium.Icon must vendor them first.
UNUSED_ASSETS = frozenset({
    "https://cdn.jsdelivr.net/npm/bootstrap@5.2.2/dist/js/bootstrap.bundle.min.js",
    "https://cdnjs.cloudflare.com/ajax/libs/Leaflet.awesome-markers/2.0.2/leaflet.awesome-markers.js",
    "https://cdn.jsdelivr.net/npm/bootstrap@5.2.2/dist/css/bootstrap.min.css",
    "https://netdna.bootstrapcdn.com/bootstrap/3.0.0/css/bootstrap-glyphicons.css",
    "https://cdn.jsdelivr.net/npm/@fortawesome/fontawesome-free@6.2.0/css/all.min.css",
    "https://cdnjs.cloudflare.com/ajax/libs/Leaflet.awesome-markers/2.0.2/leaflet.awesome-markers.css",
    "https://cdn.jsdelivr.net/gh/python-visualization/folium/folium/templates/leaflet.awesome.rotate.min.css",
})


def walk(element) -> Iterator:
    """Every element of a folium/branca tree, depth first, the root included."""
    yield element
    for child in getattr(element, "_children", {}).values():
        yield from walk(child)


def _local(links: list[tuple[str, str]], base_url: str) -> list[tuple[str, str]]:
    result = []
    for name, url in links:
        if url in UNUSED_ASSETS:
            continue
        if url not in LOCAL_ASSETS:
            raise OfflineAssetError(f"the map needs {url}, which the app does not serve itself")
        result.append((name, f"{base_url}/{LOCAL_ASSETS[url]}"))
    return result


def localize_assets(folium_map: folium.Map, base_url: str = settings.STATIC_URL) -> folium.Map:
    """Point every asset link of ``folium_map`` at the app's own copies, in place.

    Raises
    ------
    OfflineAssetError
        When an element needs a file with no local copy, or is a branca colormap (for which
        streamlit-folium adds d3 from a CDN by itself).
    """
    for element in walk(folium_map):
        if isinstance(element, branca.colormap.ColorMap):
            raise OfflineAssetError("branca colormaps load d3 from a CDN; use layers.Legend")
        if isinstance(element, folium.elements.JSCSSMixin):
            element.default_js = _local(element.default_js, base_url)
            element.default_css = _local(element.default_css, base_url)
    return folium_map


def asset_links(folium_map: folium.Map) -> list[str]:
    """Every JS/CSS URL the map's elements ask for, as streamlit-folium collects them."""
    links = []
    for element in walk(folium_map):
        for _, url in getattr(element, "default_js", []) + getattr(element, "default_css", []):
            links.append(url)
    return list(dict.fromkeys(links))
