"""Every setting and constant of the project, in one place.

Each constant is the single source of truth for its value; modules import it from here.
"""

import os
from pathlib import Path

# --- Files ------------------------------------------------------------------------------------
ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
REFERENCE_DIR = DATA_DIR / "reference"  # verbatim copies of the reference files
DERIVED_DIR = DATA_DIR / "derived"  # written by scripts/build_data.py, never by hand
STATIC_DIR = ROOT / "static"  # served by Streamlit at STATIC_URL
STATIC_URL = "/app/static"

BUNDLED_EVENTS = DERIVED_DIR / "events.csv"
# The page opens this events file instead of the bundled one when set (or given as
# `streamlit run dashboard.py -- --events PATH`).
EVENTS_ENV = "PERU_MAP_EVENTS"
# Ingested events files are kept here (geo/io/cache.py); PERU_MAP_CACHE moves it.
CACHE_DIR = Path(os.environ.get("PERU_MAP_CACHE", ROOT / ".cache"))
BUNDLED_ROADBLOCK_COUNTS = DERIVED_DIR / "roadblock_counts.csv"
BUNDLED_DECREES = DERIVED_DIR / "decrees.csv"
MINES_FILE = REFERENCE_DIR / "mines.csv"
POPULATION_FILE = REFERENCE_DIR / "population_departments.csv"
TOLLS_FILE = REFERENCE_DIR / "published_tolls.csv"  # Defensoría del Pueblo death tolls as published
BOUNDARIES_DIR = REFERENCE_DIR / "boundaries-2025"  # INEI census limits, 2025 ubigeo list (GPL-3)
BOUNDARY_FILES = {
    "department": "peru_departamentos.geojson",
    "province": "peru_provincias.geojson",
    "district": "peru_distritos.geojson",
}
# INEI's 194 provincial capitals (2007 set, MPL-2.0): the gazetteer's town points.
CAPITALS_FILE = REFERENCE_DIR / "boundaries" / "peru_capital_provincia.geojson"
BOUNDARIES_CREDIT = "INEI census limits (2025 districts) via mapsPERU, GPL-3"


# The simplified shapes the map draws, made by scripts/build_data.py. They live in static/ so the
# browser fetches each level once (and its cache keeps it) instead of receiving it on every rerun.
MAP_SHAPES_DIR = STATIC_DIR / "regions"


def regions_file(level: str, detail: str) -> Path:
    """Path of the boundaries of ``level``: the reference file ("full", for joins) or the
    simplified copy made by scripts/build_data.py ("map", for drawing)."""
    if detail == "full":
        return BOUNDARIES_DIR / BOUNDARY_FILES[level]
    return MAP_SHAPES_DIR / f"{level}.geojson"


def map_shapes_url(level: str, base_url: str = STATIC_URL) -> str:
    """Where the browser finds the map shapes of ``level`` (:func:`regions_file` "map")."""
    return f"{base_url}/{MAP_SHAPES_DIR.name}/{level}.geojson"


# --- Geography --------------------------------------------------------------------------------
CRS = "EPSG:4326"  # WGS84 lon/lat, as in the INEI files and ACLED
LEVELS = ("department", "province", "district")
LEVEL_CODE_LENGTH = {"department": 2, "province": 4, "district": 6}  # INEI ubigeo digits
UNASSIGNED = "UNASSIGNED"
# Display simplification for the map copies, in degrees (0.01 deg is ~1.1 km at Peru's latitudes).
MAP_SIMPLIFY_TOLERANCE = {"department": 0.02, "province": 0.015, "district": 0.01}
PERU_CENTER = (-9.2, -75.0)
PERU_ZOOM = 5
PERU_BOUNDS = ((-18.4, -81.4), (-0.03, -68.6))  # (south, west), (north, east)

# --- Events -----------------------------------------------------------------------------------
# ACLED's names for the columns the project uses; `injured`, `mine`, `fatality_kind` and
# `placed_at` are ours.
EVENT_COLUMNS = (
    "event_id_cnty",
    "event_date",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "fatalities",
    "notes",
    "source",
    "tags",
    "injured",
    "mine",
    "fatality_kind",
    "placed_at",
)
REQUIRED_COLUMNS = ("event_date", "event_type", "fatalities")
# A row is placed by its coordinates, or failing them by the place it names (geo/place/gazetteer.py):
# a file needs both coordinate columns or at least one of the place columns.
COORDINATE_COLUMNS = ("latitude", "longitude")
PLACE_COLUMNS = ("admin1", "admin2", "admin3", "location")
# Other names a column goes by in the files people bring (Spanish spreadsheets, other tools),
# compared without accents or case, with spaces, hyphens and dots read as "_" (geo/reader.header_key).
HEADER_ALIASES = {
    "event_id_cnty": ("id", "event_id", "id_evento", "codigo", "id_cnty"),
    "event_date": ("fecha", "fecha_evento", "fecha_del_evento", "date", "dia"),
    "event_type": ("tipo", "tipo_evento", "tipo_de_evento", "type"),
    "sub_event_type": ("subtipo", "sub_tipo", "subtipo_evento", "tipo_especifico"),
    "actor1": ("actor", "actor_1", "actor_principal"),
    "actor2": ("actor_2", "actor_secundario"),
    "admin1": ("departamento", "region", "dpto", "department"),
    "admin2": ("provincia", "province"),
    "admin3": ("distrito", "district"),
    "location": ("lugar", "localidad", "ubicacion", "place", "ciudad", "centro_poblado"),
    "latitude": ("latitud", "lat", "y"),
    "longitude": ("longitud", "lon", "lng", "long", "x"),
    "geo_precision": ("precision", "precision_geografica"),
    "fatalities": ("fallecidos", "muertos", "muertes", "deaths", "victimas_mortales"),
    "injured": ("heridos", "lesionados", "injuries"),
    "notes": ("notas", "nota", "descripcion", "observaciones", "detalle", "description"),
    "source": ("fuente", "fuentes", "url", "enlace", "link"),
    "tags": ("etiquetas",),
    "mine": ("mina", "unidad_minera", "proyecto_minero"),
    "fatality_kind": ("tipo_de_fallecido", "tipo_fallecido"),
}
# Other spellings of place and department names found in files (normalised, as normalize_name
# gives them), with the INEI name each stands for.
PLACE_ALIASES = {"CUZCO": "CUSCO"}
DEPARTMENT_ALIASES = PLACE_ALIASES | {
    "LIMA METROPOLITANA": "LIMA",
    "LIMA PROVINCIAS": "LIMA",
    "LIMA REGION": "LIMA",
    "REGION LIMA": "LIMA",
    "PROVINCIA CONSTITUCIONAL DEL CALLAO": "CALLAO",
}
# A number of people larger than this in one row is a typing or export error, not an event.
MAX_PEOPLE_PER_EVENT = 10_000
# Dates outside these years are typing errors (and pandas cannot hold years past 2262).
FIRST_YEAR, LAST_YEAR = 1900, 2100
# A point farther than this from Peru's land (degrees, ~11 km: beyond the coast, a border river or
# the Peruvian half of Lake Titicaca near its shore) is not a Peruvian event: La Paz is 0.68 away,
# Arica 0.15, Leticia (across the Amazon) only 0.02, which no distance can tell apart.
PERU_MARGIN_DEGREES = 0.1
# Files opened in the page (an upload) may be at most this large.
MAX_UPLOAD_MB = 200  # also server.maxUploadSize in .streamlit/config.toml (a test keeps them equal)
# --- Bounds on a user's file, all in one place. Each is checked before the memory it guards is
# allocated, and a refusal names the bound (geo/io/reader.py); the page also reads an upload in a worker
# process held to WORKER_MEMORY_MB (geo/serve/worker.py), so a bound we did not foresee stops only that worker.
MAX_FILE_MB = 2048  # the command line reads files up to this size (the page: MAX_UPLOAD_MB)
MAX_FILE_CELLS = 40_000_000  # rows × columns of a sheet or table (a million ACLED rows have 31 million)
MAX_FILE_COLUMNS = 1_000
MAX_UNPACKED_MB = 1024  # an Excel workbook's or a Parquet file's content once decompressed
# Past MIN_BOMB_MB unpacked, a workbook may unpack to at most this many times its own size: real
# ones unpack 5 to 20 times (12 for an ACLED export), a zip bomb hundreds. Reading a sheet takes
# about 7 bytes of memory per unpacked byte, so this is what keeps a 4 MB upload from costing gigabytes.
MAX_UNPACK_RATIO = 50
MIN_BOMB_MB = 32
MAX_WORKBOOK_PARTS = 10_000  # files inside an Excel workbook (a zip archive); a workbook has a few dozen
MAX_JSON_DEPTH = 64  # brackets inside brackets in a JSON file
MAX_LINE_KB = 1024  # one line of a text file; a longer line is a rejected row
MAX_FIELD_KB = 128  # one value; a row holding a longer one is rejected
MAX_SHOWN_CHARS = 80  # a value from the file quoted in a message is cut to this many characters with "…"
WORKER_MEMORY_MB = 6144  # the address space of the process that reads an upload
WORKER_SECONDS = 600  # an upload still being read after this long is stopped
WORKERS = 2  # uploads read at the same time, all sessions together (others wait their turn)
OPEN_FILES_MEMORY_MB = 2048  # opened uploads kept in memory, all sessions together; the oldest goes first
CACHE_MAX_MB = 2048  # the ingest cache folder (geo/io/cache.py); the least recently used entries go first
PROBLEM_ROWS_SHOWN = 1000  # problems listed in the page's file check (the rejected rows file has all)
# Accepted date spellings, tried in order (ISO from the API, "16 May 2025" from the export tool,
# day-first from spreadsheets).
DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d %H:%M:%S", "%d %b %Y", "%Y/%m/%d")
GEO_PRECISION_EXACT = 1  # coordinates of the place itself
GEO_PRECISION_TOWN = 2  # placed at a nearby town
GEO_PRECISION_REGION = 3  # only the region is known: never drawn as a point
# `placed_at` says where a point without source coordinates was put by the gazetteer: at the town
# itself (a provincial capital), or only at a point inside the district it names. A district
# point is drawn as "somewhere in district X" and never counts as near a mine.
PLACED_AT_TOWN = "town"
PLACED_AT_DISTRICT = "district"

# Who died, as the reference table records it (`fatality_kind`), with the words the page uses.
# "clashes" is the Defensoría del Pueblo's category of civilians killed in the protests ("fallecidos
# en enfrentamientos"): it covers people shot where no protester violence is reported, so the page
# never calls them "deaths in clashes" (EXCESSIVE_FORCE counts those rows within the kind).
UNKNOWN_KIND = "unknown"  # deaths in a file that does not say who died
FATALITY_KINDS = {
    "clashes": "civilians killed in the protests",
    "police": "police officers",
    "blockade": "linked to roadblocks",
    "soldiers": "soldiers",
}
# After a number: the plural, and (FATALITY_KIND_ONE) the singular where it differs.
FATALITY_KIND_SHORT = {
    "clashes": "civilians killed in protests",
    "police": "police officers",
    "blockade": "linked to roadblocks",
    "soldiers": "soldiers",
    UNKNOWN_KIND: "of unknown kind",
}
FATALITY_KIND_ONE = {
    "clashes": "civilian killed in protests",
    "police": "police officer",
    "blockade": "death linked to roadblocks",
    "soldiers": "soldier",
}
# ACLED's sub-event type for lethal or serious force on protesters where no protester violence is
# reported: within the "clashes" kind, the deaths on such rows are counted apart.
EXCESSIVE_FORCE = "Excessive force against protesters"
FATALITY_KIND_COLORS = {
    "clashes": "#b2182b",
    "police": "#2166ac",
    "blockade": "#f4a582",
    "soldiers": "#1a1a1a",
    UNKNOWN_KIND: "#bababa",
}  # distinct in greyscale too
# Event rows that concern a mine although they may not name one.
MINE_TAGS = ("mine", "mining_corridor", "mineral_transport")

# Event colours from Paul Tol's qualitative schemes, chosen so that every pair stays apart under
# deuteranopia, protanopia and tritanopia, and every colour stands out on every choropleth class
# (tests/map/test_colours.py measures both in CAM02-UCS). None is red, orange or yellow: those are the
# choropleth's own hues.
EVENT_TYPE_COLORS = {
    "Protests": "#88ccee",  # light cyan: the many peaceful events do not crowd out the rest
    "Riots": "#882255",  # wine
    "Strategic developments": "#44aa99",  # teal
    "Violence against civilians": "#000000",  # black
    "Battles": "#332288",  # indigo
    "Explosions/Remote violence": "#aa4499",  # purple
}
OTHER_TYPE_COLOR = "#bbbbbb"

# Spanish labels shown beside ACLED's event types and sub-types (the data and the exports keep
# ACLED's English values). Our wording of the ACLED codebook's categories: ACLED publishes no
# Spanish codebook. A file's Spanish type (e.g. "Protestas") is read as the ACLED type it names.
EVENT_TYPE_SPANISH = {
    "Protests": "Protestas",
    "Riots": "Disturbios",
    "Strategic developments": "Desarrollos estratégicos",
    "Violence against civilians": "Violencia contra civiles",
    "Battles": "Batallas",
    "Explosions/Remote violence": "Explosiones/violencia a distancia",
}
SUB_EVENT_TYPE_SPANISH = {
    "Peaceful protest": "Protesta pacífica",
    "Protest with intervention": "Protesta con intervención",
    "Excessive force against protesters": "Uso excesivo de la fuerza contra manifestantes",
    "Violent demonstration": "Manifestación violenta",
    "Mob violence": "Violencia de turba",
    "Arrests": "Detenciones",
    "Agreement": "Acuerdo",
    "Change to group/activity": "Cambio de grupo o actividad",
    "Disrupted weapons use": "Uso de armas frustrado",
    "Headquarters or base established": "Sede o base establecida",
    "Looting/property destruction": "Saqueo o destrucción de propiedad",
    "Non-violent transfer of territory": "Traspaso no violento de territorio",
    "Other": "Otro",
    "Attack": "Ataque",
    "Abduction/forced disappearance": "Secuestro o desaparición forzada",
    "Sexual violence": "Violencia sexual",
    "Armed clash": "Choque armado",
    "Government regains territory": "El gobierno recupera territorio",
    "Non-state actor overtakes territory": "Un actor no estatal toma territorio",
    "Air/drone strike": "Ataque aéreo o con dron",
    "Suicide bomb": "Atentado suicida",
    "Shelling/artillery/missile attack": "Bombardeo, artillería o misiles",
    "Remote explosive/landmine/IED": "Explosivo remoto, mina o IED",
    "Grenade": "Granada",
    "Chemical weapon": "Arma química",
}

# --- Mines ------------------------------------------------------------------------------------
DEFAULT_RADIUS_KM = 25.0
PLAY_STEP_SECONDS = 2.5  # how long the play control shows each step (a redraw takes about one second)
MAX_RADIUS_KM = 200.0
PROJECT_PREFIX = "project"  # rank_note prefix of contested projects (not producing mines)
NO_LOCATION = "location not available"

# --- Map --------------------------------------------------------------------------------------
METRICS = {
    "events": "Events",
    "fatalities": "Fatalities",
    "clashes": "Civilians killed in the protests",
    "events_per_100k": "Events per 100,000 inhabitants",
}
# The commodities data/reference/mines.csv names (";"-separated there): words for the page's language.
COMMODITIES = ("copper", "gold", "iron", "lead", "molybdenum", "phosphate rock", "rhenium", "silver", "tin", "zinc")
# Labels a metric had in shared links written before it was renamed (English, Spanish): still read.
FORMER_METRIC_LABELS = {
    "Deaths in clashes with security forces": "clashes",
    "Muertes en enfrentamientos con las fuerzas de seguridad": "clashes",
}
DEFAULT_METRIC = "events"
RATE_METRIC = "events_per_100k"  # only at department level (the only population we have)
# YlOrRd, 5 classes (ColorBrewer); zero gets its own pale class so "none" reads as none in print.
CLASS_COLORS = ("#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026")
ZERO_COLOR = "#f4f4f4"
# The events layer is one JSON payload of bounded size (geo/analysis/points.py): up to MAX_POINTS events are
# drawn one by one (with notes and sources in their popups up to MAX_DETAILED_POINTS); beyond, they
# are grouped in grid cells, the finest of CELL_DEGREES that gives at most MAX_CELLS cells.
MAX_POINTS = 3000
# The legend (bottom left) starts folded on maps narrower than this (phones); on wider maps Peru is
# fitted to the right of its unfolded width, LEGEND_ROOM_PX.
LEGEND_FOLDED_BELOW_PX = 700
LEGEND_ROOM_PX = 260
MAX_DETAILED_POINTS = 1000
CELL_DEGREES = (0.05, 0.1, 0.25, 0.5, 1.0)  # 0.1 deg is ~11 km at Peru's latitudes
MAX_CELLS = 1000  # readable at country zoom
EVENT_PAGE_ROWS = 500  # the events table sends one page of rows per rerun, not the whole frame
CELL_MAX_PX = 40
MARKER_MIN_PX = 8
MARKER_MAX_PX = 30
DISTRICT_MARKER_MIN_PX = 12  # a hollow "somewhere in the district" ring needs room to read as a ring
