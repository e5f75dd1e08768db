"""The reference data is read once, in one place, and forgotten on request (geo.io.reference)."""

from geo.io import reference
from geo.place import boundaries


def test_reference_data_is_read_once_and_cleared_in_one_call():
    places = reference.places()
    outline = boundaries._outline()
    assert reference.places() is places and boundaries._outline() is outline  # kept
    reference.clear()
    assert reference.places() is not places and boundaries._outline() is not outline  # read again
    assert reference.places().equals(places)


def test_memo_keeps_one_result_per_argument():
    calls = []

    @reference.memo
    def double(x: int) -> int:
        calls.append(x)
        return 2 * x

    assert (double(2), double(2), double(3)) == (4, 4, 6)
    assert calls == [2, 3]
    reference.clear()
    assert double(2) == 4 and calls == [2, 3, 2]


def test_departments_carry_their_census_population():
    departments = reference.regions("department")
    assert len(departments) == 25
    assert departments.set_index("code").loc["15", "population"] == reference.population()["15"]
