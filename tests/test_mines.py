"""Events near mines, geodesic distances (geo.mines)."""

import numpy as np
import pandas as pd
import pytest
from pyproj import Geod

from geo import settings
from geo.assign import assign_regions
from geo.errors import ArgumentError
from geo.mines import geodesic_km, load_mines, mine_counts, near_any_mine, nearest_mine

CERRO_VERDE = (-16.534444, -71.593889)


def _point_at(origin, km, azimuth):
    lon, lat, _ = Geod(ellps="WGS84").fwd(origin[1], origin[0], azimuth, km * 1000)
    return lat, lon


def test_geodesic_km_known_lengths():
    # One degree of latitude at the equator is 110.574 km on WGS84; one of longitude 111.320 km.
    assert geodesic_km(0, 0, 1, 0) == pytest.approx(110.574, abs=0.001)
    assert geodesic_km(0, 0, 0, 1) == pytest.approx(111.320, abs=0.001)


def test_25_km_counts_for_hand_placed_points(events_from):
    rows = []
    for km, azimuth, fatalities in [(24.9, 0, 1), (24.9, 200, 2), (25.1, 90, 4), (40, 45, 8)]:
        lat, lon = _point_at(CERRO_VERDE, km, azimuth)
        rows.append({"latitude": lat, "longitude": lon, "fatalities": fatalities})
    lat, lon = _point_at(CERRO_VERDE, 5, 0)
    rows.append({"latitude": lat, "longitude": lon, "fatalities": 16, "geo_precision": 3})  # centroid
    events = assign_regions(events_from(rows))
    table = mine_counts(events, 25).set_index("name")
    assert table.loc["Cerro Verde", ["events", "fatalities"]].tolist() == [2, 3]
    assert mine_counts(events, 30).set_index("name").loc["Cerro Verde", "events"] == 3
    assert near_any_mine(events, 25) == 2


def test_nearest_mine_and_distance(events_from):
    lat, lon = _point_at(CERRO_VERDE, 12.0, 300)
    events = events_from([{"latitude": lat, "longitude": lon}, {"admin1": "Puno"}])
    nearest = nearest_mine(events)
    assert nearest["nearest_mine"].tolist() == ["Cerro Verde", ""]
    assert nearest["nearest_mine_km"].iloc[0] == pytest.approx(12.0, abs=1e-6)
    assert np.isnan(nearest["nearest_mine_km"].iloc[1])


def test_every_mine_listed_unlocated_ones_marked():
    mines = load_mines()
    assert len(mines) == 26
    assert mines["is_project"].sum() == 4
    table = mine_counts(pd.DataFrame(columns=["latitude", "longitude", "geo_precision", "fatalities"]))
    lindo = table.set_index("name").loc["Cerro Lindo"]
    assert lindo["location"] == settings.NO_LOCATION and pd.isna(lindo["events"])
    assert (table.loc[table["has_location"], "events"] == 0).all()


@pytest.mark.parametrize("radius", [0, -1, 500])
def test_bad_radius_refused(bundle, radius):
    with pytest.raises(ArgumentError, match="radius"):
        mine_counts(bundle.events, radius)
