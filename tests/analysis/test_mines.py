"""Events near mines, geodesic distances (geo.analysis.mines)."""

import numpy as np
import pandas as pd
import pytest
from pyproj import Geod

from geo import settings
from geo.analysis.aggregate import EventFilter
from geo.analysis.dataset import make_view
from geo.analysis.mines import about_a_mine, attribute_mines, geodesic_km, load_mines, mine_counts, near_any_mine
from geo.errors import ArgumentError
from geo.place.assign import assign_regions

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
    nearest = attribute_mines(events)
    assert nearest["mine_name"].tolist() == ["Cerro Verde", ""]
    assert nearest["mine_basis"].tolist() == ["nearest", ""]
    assert nearest["mine_km"].iloc[0] == pytest.approx(12.0, abs=1e-6)
    assert np.isnan(nearest["mine_km"].iloc[1])


def test_a_named_mine_wins_over_the_nearest(bundle):
    # The Antapaccay invasion rows sit at Yauri, nearer Tintaya: they belong to Antapaccay.
    rows = bundle.events[bundle.events["location"].str.startswith("Espinar (Antapaccay")]
    assert len(rows) == 3
    assert (rows["mine_name"] == "Antapaccay").all() and (rows["mine_basis"] == "named in the row").all()
    assert rows["mine_km"].round(1).tolist() == [19.9] * 3
    tintaya = bundle.mines.set_index("name").loc["Tintaya"]
    assert (geodesic_km(rows["latitude"], rows["longitude"], tintaya["latitude"], tintaya["longitude"]) < 19.9).all()
    table = mine_counts(bundle.events, 25).set_index("name")
    assert table.loc["Antapaccay", "named_events"] == 4  # with the mining-corridor blockade of 13 Dec
    assert table.loc["Tintaya", "named_events"] == 0


def test_district_points_never_count_as_near_a_mine(events_from):
    lat, lon = _point_at(CERRO_VERDE, 5, 0)
    events = assign_regions(
        events_from(
            [
                {"latitude": lat, "longitude": lon, "geo_precision": 2, "placed_at": "town"},
                {"latitude": lat, "longitude": lon, "geo_precision": 2, "placed_at": "district"},
            ]
        )
    )
    assert mine_counts(events, 25).set_index("name").loc["Cerro Verde", "events"] == 1
    assert attribute_mines(events)["mine_name"].tolist() == ["Cerro Verde", ""]


def test_la_joya_is_no_longer_inside_cerro_verdes_ring(bundle):
    la_joya = bundle.events[bundle.events["location"].str.startswith("La Joya") & (bundle.events["geo_precision"] == 2)]
    assert len(la_joya) == 2 and (la_joya["placed_at"] == "district").all()
    assert mine_counts(bundle.events, 25).set_index("name").loc["Cerro Verde", "events"] == 11


@pytest.mark.parametrize("radius", [10, 25, 100])
def test_events_about_a_mine_do_not_depend_on_the_radius(bundle, radius):
    # 13 rows name a mine; the 14 Dec Espinar row (ore trucks burned) is tagged without naming one.
    view = make_view(bundle, EventFilter(), "department", radius)
    assert view.headline.about_mines == 14 == about_a_mine(bundle.events).sum()
    assert view.mines.set_index("name").loc["Las Bambas", "named_events"] == 6
    assert (bundle.events["mine"] != "").sum() == 13


def test_radius_counts_only_what_lies_inside(bundle):
    assert make_view(bundle, EventFilter(), "department", 10).headline.near_mines == 0  # events sit at towns
    assert make_view(bundle, EventFilter(), "department", 25).headline.near_mines == 30


def test_every_mine_listed_unlocated_ones_marked():
    mines = load_mines()
    assert len(mines) == 26
    assert mines["is_project"].sum() == 4
    table = mine_counts(
        pd.DataFrame(
            columns=["latitude", "longitude", "geo_precision", "fatalities", "fatality_kind", "placed_at", "mine"]
        )
    )
    lindo = table.set_index("name").loc["Cerro Lindo"]
    assert lindo["location"] == settings.NO_LOCATION and pd.isna(lindo["events"])
    assert (table.loc[table["has_location"], "events"] == 0).all()


@pytest.mark.parametrize("radius", [0, -1, 500])
def test_bad_radius_refused(bundle, radius):
    with pytest.raises(ArgumentError, match="radius"):
        mine_counts(bundle.events, radius)


def test_mining_tags_are_whole_items_of_the_tag_list():
    events = pd.DataFrame(
        {
            "tags": [
                "mine;threat",
                "mines",
                "roadblock; mining_corridor",
                "x;mineral_transport",
                "",
                "crowd size=no report",
            ],
            "mine": ["", "", "", "", "Las Bambas", ""],
        }
    )
    assert about_a_mine(events).tolist() == [True, False, True, True, True, False]


def test_events_of_a_mine_agree_with_the_mine_table(bundle):
    """For every mine, the events listed for it are those the mines table counts: within the
    radius (with their distance) and naming it."""
    from geo.analysis.mines import events_of_mine, mine_counts

    for radius in (10, 25, 60):
        table = mine_counts(bundle.events, radius, mines=bundle.mines).set_index("name")
        for name in bundle.mines["name"]:
            listed = events_of_mine(bundle.events, bundle.mines, name, radius)
            within = listed["km"].notna()
            assert within.sum() == (table.loc[name, "events"] if table.loc[name, "has_location"] else 0)
            assert listed["names it"].sum() == table.loc[name, "named_events"]
            assert (listed.loc[within, "km"] <= radius).all()
