"""What a reader must know before quoting a number: the "About the data" note of the page."""

from geo import settings
from geo.i18n import N_, number, t

# The note's paragraphs, each a text of the catalogue (geo/i18n/locale); {placeholders} filled below.
# For a user's file the paragraphs about the bundled sample give way to FILE_PARAGRAPHS.
PARAGRAPHS = (
    N_(
        "**Coverage.** {events} events from {source}: a curated, itemized sample of the crisis from "
        "Dec 7, 2022 to Mar 21, 2023, each row taken from the one page it cites (the events table links it). "
        "It is not a census of events. Daily roadblocks are mostly known only through aggregate reports, "
        "shown as their own layer and never counted as events; emergency decrees are context, not events. "
        "Coverage is dense for Puno, Cusco, Apurímac, Arequipa and Lima, thin for the north, the Amazon "
        "and for February–March; Loreto, Pasco and Tumbes have no rows, and Áncash has no events (its one "
        "row is an aggregate roadblock report). Region counts are lower bounds."
    ),
    N_(
        "**Deaths.** Each death is counted once, on the day of the incident, with who died ({kinds}); "
        "people who died of their wounds later are counted on the day they were hurt (Andahuaylas, "
        'Ayacucho, Juliaca, Macusani). "Civilians killed in the protests" is the Defensoría del Pueblo\'s '
        "count of deaths in clashes with security forces; it includes people killed where the sources report "
        "no violence by protesters (rows coded as excessive force against protesters: Chao, Dec 14; Pichanaki; "
        "Juliaca, Jan 9; Macusani), which is why the page does not call them deaths in clashes. The other "
        "rows with such deaths (Andahuaylas, Ayacucho and others) are coded as violent demonstrations, as "
        "their sources describe clashes, though witnesses dispute the police account in some. The table itemizes "
        "only 3 of the 11 deaths linked to roadblocks that the Defensoría reported by Feb 20, 2023, so its "
        "total stays below the published tolls; the box under the headline sets them side by side. The "
        "soldiers are the six who drowned in the Ilave river on Mar 5, 2023."
    ),
    N_(
        "**Places.** Coordinates are town centres from the sources, not the exact spot. An event without "
        "coordinates is drawn at its town when the town is a provincial capital (dashed outline); when only "
        'its district is known it is drawn hollow, says "somewhere in district …", and never counts as '
        "near a mine; when only the region is known it is counted there and not drawn."
    ),
    N_(
        '**Mines.** "About a mine" counts rows that name a mine or are tagged as mining events; "within N km" '
        "counts events placed inside the ring, whatever they were about (a march in Arequipa is 15 km from "
        "Cerro Verde). An event that names its mine is attributed to it, not to the nearest one."
    ),
    N_(
        "**Boundaries.** {credit}: departments, 196 provinces and 1,891 districts (2025 "
        "ubigeo list) nesting exactly; the map draws simplified copies, also GPL-3. Town points: the 194 "
        "provincial capitals (IDEP 2016 points, via juaneladio/peru-geojson, MPL-2.0). Mines: sourced "
        "coordinates, four approximate; Cerro Lindo has none. Population: 2017 census."
    ),
    N_(
        "**Known doubts.** Chao, Jan 18: police records say the roadblock caused neither of the two deaths "
        "the Defensoría links to it; the row keeps the Defensoría's count. Iscahuaca, Feb 9: police describe "
        "a clash at a roadblock, witnesses describe shots at a truck of protesters going home. Juliaca, "
        "Jan 9: how the police officer died is disputed. Antapaccay, Jan 12 and 13: two incidents (vehicles "
        "burned on the 12th, the water plant set on fire on the 13th), both placed at Yauri, the town, "
        "20 km from the mine."
    ),
    N_("Origins, licences and every derivation step are in `data/README.md`."),
)
SAMPLE_ONLY = (0, 1, 2, 5)  # coverage, deaths, places and known doubts: the bundled sample's
FILE_PARAGRAPHS = (
    N_(
        "**Coverage.** {events} events from {source}. The page counts what the file holds, as it holds "
        "it: region counts are as complete as the file, and the file check above says what became of "
        "every row."
    ),
    N_(
        "**Deaths.** A row's fatalities count once, on its day, by who died ({kinds}) where the file says "
        "so in a fatality_kind column, else as of unrecorded kind. The published tolls under the headline "
        "are the Defensoría del Pueblo's, for the whole crisis, whatever the file holds."
    ),
    N_(
        "**Places.** A row with coordinates is drawn where they point. A row without is placed by the "
        "place it names: at its town when the town is a provincial capital (dashed outline), hollow "
        "somewhere in its district (never counted as near a mine), or counted by the region it names "
        "and not drawn."
    ),
)
WITH_BUNDLED = N_(
    "The bundled events among them are a curated sample from Dec 7, 2022 to Mar 21, 2023, "
    "each row taken from the page it cites; `data/README.md` describes it and its known doubts."
)


def about_the_data(
    events: int,
    source_name: str = "the bundled data",
    lang: str = "en",
    own_file: bool = False,
    with_bundled: bool = False,
) -> str:
    """Markdown for the page's "About the data" section, in ``lang``.

    Parameters
    ----------
    events : int
        Number of events loaded.
    source_name : str
        Where they came from, for the first line.
    lang : str
        The page's language.
    own_file : bool
        The events are a user's file (with the bundled ones when ``with_bundled``): the note
        describes how the page reads a file instead of the bundled sample.
    """
    kinds = "; ".join(f"`{k}`: {t(label, lang)}" for k, label in settings.FATALITY_KINDS.items())
    values = {
        "events": number(events, lang),
        "source": source_name,
        "kinds": kinds,
        "credit": t(settings.BOUNDARIES_CREDIT, lang),
    }
    paragraphs = list(PARAGRAPHS)
    if own_file:
        paragraphs = [*FILE_PARAGRAPHS, *(p for i, p in enumerate(PARAGRAPHS) if i not in SAMPLE_ONLY)]
    texts = [t(paragraph, lang, **values) for paragraph in paragraphs]
    if own_file and with_bundled:
        texts[0] += " " + t(WITH_BUNDLED, lang)
    return "\n\n".join(texts)
