"""Serve every JavaScript/CSS file a map needs from the app itself: no CDN, no internet.

folium names its assets by CDN URL on each element's ``default_js``/``default_css``;
streamlit-folium and ``Map.save`` both read those lists. :func:`localize_assets` replaces them, on
each element of one map (never on the shared class lists), with the copies in ``static/vendor/``
under the app's static URL, and fails loudly for a URL that has no local copy.
:func:`inline_assets` writes those copies into the page instead, for a map saved as one file.
"""

import base64
import json
import re
from collections.abc import Iterator

import branca
import folium

from geo import settings
from geo.errors import OfflineAssetError

# folium's CDN URL -> path under static/, as written by scripts/vendor_assets.sh with the copies
# (leaflet, leaflet.markercluster, jquery: folium builds every Popup's content with jQuery).
MANIFEST = settings.STATIC_DIR / "vendor" / "manifest.json"
LOCAL_ASSETS: dict[str, str] = json.loads(MANIFEST.read_text(encoding="utf-8"))["assets"]
# folium.Map also lists Bootstrap, Font Awesome and awesome-markers, for folium.Icon only. No
# layer of ours uses them (markers are DivIcons, the legend is plain HTML), so they are left out
# instead of shipping ~2 MB nobody loads; a map holding a folium.Icon is refused (it would draw
# nothing in the browser and say nothing in Python).
UNUSED_ASSETS = frozenset(
    {
        "https://cdn.jsdelivr.net/npm/bootstrap@5.2.2/dist/js/bootstrap.bundle.min.js",
        "https://cdnjs.cloudflare.com/ajax/libs/Leaflet.awesome-markers/2.0.2/leaflet.awesome-markers.js",
        "https://cdn.jsdelivr.net/npm/bootstrap@5.2.2/dist/css/bootstrap.min.css",
        "https://netdna.bootstrapcdn.com/bootstrap/3.0.0/css/bootstrap-glyphicons.css",
        "https://cdn.jsdelivr.net/npm/@fortawesome/fontawesome-free@6.2.0/css/all.min.css",
        "https://cdnjs.cloudflare.com/ajax/libs/Leaflet.awesome-markers/2.0.2/leaflet.awesome-markers.css",
        "https://cdn.jsdelivr.net/gh/python-visualization/folium/folium/templates/leaflet.awesome.rotate.min.css",
    }
)


def static_url(base_url_path: str = "") -> str:
    """Where Streamlit serves static/ under its ``server.baseUrlPath`` ("" or e.g. "peru/maps")."""
    prefix = base_url_path.strip("/")
    return f"/{prefix}{settings.STATIC_URL}" if prefix else settings.STATIC_URL


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
        When an element needs a file with no local copy, is a folium.Icon (see
        :data:`UNUSED_ASSETS`), or is a branca colormap (for which streamlit-folium adds d3 from a
        CDN by itself).
    """
    for element in walk(folium_map):
        if isinstance(element, folium.Icon):
            raise OfflineAssetError(
                "folium.Icon needs Bootstrap and awesome-markers, which the app does not serve; use a DivIcon"
            )
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


class _Inline(branca.element.Element):
    """A file's text put in the page as it is (never parsed as a template)."""

    def __init__(self, html: str):
        super().__init__()
        self.html = html

    def render(self, **kwargs) -> str:
        return self.html


def _inline(path, kind: str) -> str:
    """The element that holds the asset file ``path`` (``kind`` "js" or "css") in the page."""
    text = path.read_text(encoding="utf-8")
    if kind == "js":  # a "</script" inside the code would end the element early
        return "<script>" + text.replace("</script", "<\\/script") + "</script>"

    def data_uri(match: re.Match) -> str:
        image = base64.b64encode((path.parent / match.group(1)).read_bytes()).decode()
        return f"url(data:image/png;base64,{image})"

    text = re.sub(r"url\((images/[\w.-]+\.png)\)", data_uri, text)
    return "<style>" + text.replace("</style", "<\\/style") + "</style>"


def inline_assets(folium_map: folium.Map, base_url: str = settings.STATIC_URL) -> folium.Map:
    """Write every asset file of ``folium_map`` (already :func:`localize_assets`-ed under ``base_url``)
    into its page, in the order the elements ask for them, and drop the links: a page that opens
    from disk with no server and no internet. The stylesheets' images become data: URIs."""
    root = folium_map.get_root()
    assert isinstance(root, branca.element.Figure), "a folium.Map's root is a Figure"
    header = root.header
    done = set()
    for element in walk(folium_map):
        if not isinstance(element, folium.elements.JSCSSMixin):
            continue
        for kind, links in (("js", element.default_js), ("css", element.default_css)):
            for _, url in links:
                if url in done:
                    continue
                if not url.startswith(base_url + "/"):
                    raise OfflineAssetError(f"the map needs {url}, which is not one of the app's files")
                done.add(url)
                header.add_child(
                    _Inline(_inline(settings.STATIC_DIR / url[len(base_url) + 1 :], kind)), name=f"inline-{len(done)}"
                )
        element.default_js, element.default_css = [], []
    return folium_map
