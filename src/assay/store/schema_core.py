"""Core data model: elements, commodities, countries, sources and observations.

Entities
--------
element
    One row per chemical element: ``symbol`` (primary key), ``name``, ``atomic_number``,
    ``atomic_weight`` [g/mol], ``is_rare_earth`` (the 15 lanthanides plus Sc and Y, IUPAC
    2005), ``ree_group`` ('light' | 'heavy' | NULL, USGS convention: La–Eu light, Gd–Lu and Y
    heavy; Sc outside both groups), ``oxide_formula`` and ``oxide_factor`` (mass of oxide per
    mass of element, e.g. La2O3 1.1728).
commodity
    What statistics are published for: ``id`` (slug, e.g. ``rare-earths``), ``name``,
    ``kind`` ('group' | 'element' | 'mineral' | 'material'), ``default_basis`` (e.g. 'REO',
    'contained metal', 'gross weight'), ``mcs_code`` (USGS file code such as ``raree``).
commodity_element
    Membership of elements in a commodity with the member's ``role`` ('member' for
    rare earths; 'principal' for lithium).
commodity_alias
    Names, plurals, spellings and misnomers that resolve to a commodity. ``is_misnomer``
    flags popular but wrong usage, with a ``note`` saying why.
country
    ISO 3166-1 ``iso3`` (primary key), ``iso2``, ``name``, ``official_name``.
country_alias
    Other names that resolve to a country ('Burma', 'DR Congo', 'Russian Federation').
source
    Where a number comes from: ``publisher``, ``title``, ``edition`` (publication year of an
    annual series), ``year``, ``table_name``, ``doi``, ``url``, ``retrieved`` (date), the
    ``file`` it was read from and its ``sha256``, and ``license``.
observation
    One published number: ``commodity_id`` × ``area`` (a country by ``iso3``, or the
    published ``World total`` / ``Other countries`` rows by ``area_kind``) × ``measure``
    ('mine_production', 'refinery_production', 'reserves', 'capacity', 'price',
    'net_import_reliance', ...) × ``data_year`` × ``value`` in ``unit`` (``value`` NULL
    when withheld or not available) × ``basis`` × ``qualifier`` ('estimated', '>',
    'withheld', 'not available', 'not applicable', comma-joined when several) × ``footnotes``
    × ``source_id`` (and the source's ``edition``, denormalised for fast edition queries).
    ``original_value`` and ``original_unit`` keep the published text; ``row_ref`` points at
    ``file:line`` of the published table.
import_log / quarantine
    One row per import run; each malformed input row, with file, line, field and reason.
"""

from assay.store.db import register_component

V1 = """
CREATE TABLE element (
    symbol VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL,
    atomic_number INTEGER NOT NULL UNIQUE,
    atomic_weight DOUBLE,
    is_rare_earth BOOLEAN NOT NULL,
    ree_group VARCHAR,
    oxide_formula VARCHAR,
    oxide_factor DOUBLE,
    source_id VARCHAR
);
CREATE TABLE commodity (
    id VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    default_basis VARCHAR,
    mcs_code VARCHAR,
    description VARCHAR
);
CREATE TABLE commodity_element (
    commodity_id VARCHAR NOT NULL,
    symbol VARCHAR NOT NULL,
    role VARCHAR NOT NULL DEFAULT 'member',
    PRIMARY KEY (commodity_id, symbol)
);
CREATE TABLE commodity_alias (
    alias VARCHAR NOT NULL,
    commodity_id VARCHAR NOT NULL,
    is_misnomer BOOLEAN NOT NULL DEFAULT FALSE,
    note VARCHAR,
    PRIMARY KEY (alias, commodity_id)
);
CREATE TABLE country (
    iso3 VARCHAR PRIMARY KEY,
    iso2 VARCHAR,
    name VARCHAR NOT NULL,
    official_name VARCHAR
);
CREATE TABLE country_alias (
    alias VARCHAR NOT NULL,
    iso3 VARCHAR NOT NULL,
    PRIMARY KEY (alias, iso3)
);
CREATE TABLE source (
    id VARCHAR PRIMARY KEY,
    publisher VARCHAR NOT NULL,
    title VARCHAR NOT NULL,
    edition INTEGER,
    year INTEGER,
    table_name VARCHAR,
    doi VARCHAR,
    url VARCHAR,
    retrieved DATE,
    file VARCHAR,
    sha256 VARCHAR,
    license VARCHAR,
    kind VARCHAR DEFAULT 'official'
);
CREATE SEQUENCE observation_id_seq;
CREATE TABLE observation (
    id BIGINT PRIMARY KEY DEFAULT nextval('observation_id_seq'),
    commodity_id VARCHAR NOT NULL,
    iso3 VARCHAR,
    area_kind VARCHAR NOT NULL DEFAULT 'country',
    area_name VARCHAR NOT NULL,
    measure VARCHAR NOT NULL,
    detail VARCHAR,
    data_year INTEGER NOT NULL,
    value DOUBLE,
    unit VARCHAR NOT NULL,
    basis VARCHAR,
    qualifier VARCHAR,
    footnotes VARCHAR,
    original_value VARCHAR,
    original_unit VARCHAR,
    source_id VARCHAR NOT NULL,
    edition INTEGER,
    row_ref VARCHAR
);
CREATE INDEX observation_lookup ON observation (commodity_id, measure, edition);
CREATE INDEX observation_country ON observation (iso3);
CREATE SEQUENCE import_id_seq;
CREATE TABLE import_log (
    id BIGINT PRIMARY KEY DEFAULT nextval('import_id_seq'),
    importer VARCHAR NOT NULL,
    path VARCHAR NOT NULL,
    started_at TIMESTAMP DEFAULT current_timestamp,
    rows_read INTEGER,
    rows_inserted INTEGER,
    rows_quarantined INTEGER,
    status VARCHAR
);
CREATE TABLE quarantine (
    import_id BIGINT,
    importer VARCHAR NOT NULL,
    file VARCHAR NOT NULL,
    line INTEGER,
    field VARCHAR,
    value VARCHAR,
    reason VARCHAR NOT NULL
);
"""

# The observation columns an importer writes (``id`` comes from its sequence).
OBSERVATION_COLUMNS = [
    "commodity_id",
    "iso3",
    "area_kind",
    "area_name",
    "measure",
    "detail",
    "data_year",
    "value",
    "unit",
    "basis",
    "qualifier",
    "footnotes",
    "original_value",
    "original_unit",
    "source_id",
    "edition",
    "row_ref",
]

register_component("core", [V1])
