"""A new language is one catalogue file and one line of geo.i18n.LANGUAGES: a test language (the
Spanish catalogue copied under the code 'pt') opens every tab of the page, its dates and numbers
written by the CLDR for its code."""

from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from geo import i18n
from tests.conftest import ROOT


@pytest.fixture
def portuguese(tmp_path, monkeypatch):
    """A test language: the Spanish catalogue copied under the code 'pt' in a catalogue folder of
    its own, and its one line in LANGUAGES, as a new language is added."""
    for path in i18n.CATALOGUE_DIR.glob("*.po"):
        (tmp_path / path.name).write_bytes(path.read_bytes())
    (tmp_path / "pt.po").write_bytes(i18n.catalogue_path("es").read_bytes())
    monkeypatch.setattr(i18n, "CATALOGUE_DIR", tmp_path)
    monkeypatch.setitem(i18n.LANGUAGES, "pt", "Português")
    i18n.clear_caches()
    yield "pt"
    i18n.clear_caches()


@pytest.mark.parametrize(
    "section", ["Timeline", "Regions", "Mines", "Events", "Tolls, emergencies, roadblocks", "About the data"]
)
def test_a_new_language_is_a_catalogue_and_one_line(portuguese, section):
    """A language added as one catalogue file and one line of LANGUAGES opens the page, each tab,
    with its texts (here Spanish's, copied) and the CLDR's formats for its code."""
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.query_params.update({"lang": portuguese, "section": section})
    at.run()
    assert not at.exception, at.exception
    shown = {m.label: m.value for m in at.metric}
    assert (shown["Eventos"], shown["Fallecidos"]) == ("226", "58")
    assert any(c.value.startswith("7 de dez. de 2022") for c in at.caption), [c.value for c in at.caption]


def test_a_new_language_writes_dates_and_numbers_by_the_cldr(portuguese):
    from geo.report.timeline import d3_format

    assert i18n.day(date(2023, 1, 9), portuguese) == "9 de jan. de 2023"
    assert i18n.number(1234.5, portuguese, decimals=2) == "1.234,50"
    assert d3_format("yMMMd", portuguese) == "%-d de %b de %Y"
