"""Protest events of Peru's 2022-2023 crisis joined to regions and mines.

Data flows one way through the modules of this package::

    events.read_events      file  -> validated events frame
    assign.assign_regions   frame -> frame with department/province/district codes
    aggregate.*             frame -> counts per region, per day, headline numbers
    mines.*                 frame -> counts near each mine, distance to nearest mine
    layers.build_map        aggregates -> folium map (offline.localize_assets serves it locally)
    standalone.*            folium map -> one HTML file that opens offline (offline.inline_assets)
    render.render_map       aggregates -> report map as PNG, PDF or SVG (matplotlib)

``bundle.load_bundle`` reads everything shipped in ``data/`` in one call.
"""

__version__ = "0.1.0"
