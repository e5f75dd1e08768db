"""Protest events of Peru's 2022-2023 crisis joined to regions and mines.

The subpackages are layers; each imports only from the ones above it in this list
(``tests/test_layout.py`` checks it over the import graph), and none imports Streamlit::

    settings, errors, names, messages, i18n   constants, the project's exceptions, texts in two languages
    io        file -> checked events frame (reader, validate, schema), the ingest cache, reference data
    place     frame -> placed frame: boundaries, gazetteer (find_place), locate, assign, search
    analysis  the dataset (Bundle, View, make_view) and what is counted from it
    map       MapInput -> folium map: one module per layer, registered in map.registry
    report    report maps (from the same MapInput), exports, tables, the timeline, the HTML map
    serve     the page server's machinery: the upload worker, opened files, preloading
    cli       ``python -m geo`` / ``peru-map``

``geo.analysis.dataset.load_bundle`` reads everything shipped in ``data/`` in one call; the page
(``dashboard.py`` and ``app/``) sits on top of all of them.
"""

__version__ = "0.1.0"
