"""Imported once by the fork server of the upload workers (geo/serve/worker.py).

It ingests one made-up event, so that the reference data every ingest needs (boundaries,
gazetteer, mines, bundled events) is loaded before any worker is forked, and each worker starts
with it in memory. The fork server and its workers run at a lower priority than the page's
server: reading a visitor's file is background work that must not slow the pages of others.
"""

import os

from geo.analysis.dataset import ingest

os.nice(10)
_WARM_UP = b"event_date,event_type,latitude,longitude,fatalities\n2023-01-09,Protests,-15.4997,-70.1331,0\n"

ingest(_WARM_UP, add_bundled=True, name="warm-up.csv")
