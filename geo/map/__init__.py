"""The interactive map (Folium/Leaflet), drawn the same in the page and in the map saved as one file.

input       MapInput: everything one map shows, made from a view (map_input, fixed_classes)
rules       the rules the map and the report map share: metrics per level, values, classes
registry    the layers in one list (LAYERS) and the switches that follow it (LayerToggles)
choropleth, events, mines, emergency, roadblocks, basemap
            one module per layer: its builder, its legend rows and its registry entry
base        the parts of a layer: scripts from js/, elements rendered once, payload layers
frame, legend, popups, symbols, regions, classify, offline
            what the layers share: the map's frame, the legend box, escaped popups, the symbols,
            region shapes, the colour classes, the assets served without internet
layers      the map assembled from the registry (build_layers, build_map) and read back from a click
js/*.js     the JavaScript, read with importlib.resources and checked with ``node --check``
"""
