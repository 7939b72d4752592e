"""Supply-risk data model (component ``risk``).

Entities
--------
governance_indicator
    A country governance score: ``iso3`` × ``indicator`` (e.g. ``'wgi_mean_normalised'``,
    the mean of the six Worldwide Governance Indicators estimates rescaled to [0, 1], 1 =
    best) × ``year`` → ``value`` [0–1]. ``origin`` is ``'published'`` (imported from a
    published file) or ``'user'`` (a user-supplied file, which overrides the published
    score of the same indicator and year). ``country_name`` keeps the name as written in
    the file and ``row_ref`` its ``file:line``.
import_reliance
    A published net import reliance of an importer (``importer_iso3``, 'USA' for the MCS)
    for a commodity: ``value`` [% of apparent consumption] with ``qualifier`` ('>' or '<'
    for top-/bottom-coded values such as ">95", 'E' for a net exporter, where ``value`` is
    NULL), ``data_year``, ``commodity_label`` (the published row name, e.g. "RARE EARTHS,
    compounds and metals"), ``commodity_id`` when it resolves, ``source_id``/``edition``.
import_source
    The importer's major import sources for a commodity: ``rank`` (1 = largest, as
    published: "descending order of import share"), ``source_iso3`` (NULL for regions such
    as "Europe"), ``source_name`` as written, ``share`` [fraction] only where a share was
    published (else NULL), the ``period`` the ranking covers ('2019-2022').
stage_production
    Production by country at a supply-chain stage the store has no official table for
    (e.g. rare-earth separation, metal, magnets). Rows are **user-provided**:
    ``origin`` is 'user' and ``provided_by`` names the file; ``stage``, ``data_year``,
    ``value`` in ``unit``.
risk_parameter
    A method parameter for a commodity: ``method`` ('eu_crm', ...), ``parameter``
    ('eol_rir', 'si_sr', 'trade_adjustment', ...), ``value`` with ``unit``, ``status``
    ('published' | 'unverified' | 'assumed' | 'user'), ``citation`` and ``note``; ``iso3``
    for a country-specific parameter ('trade_adjustment', the t_c of a country's export
    restrictions), NULL otherwise.
"""

from assay.store.db import register_component

V1 = """
CREATE TABLE governance_indicator (
    iso3 VARCHAR NOT NULL,
    indicator VARCHAR NOT NULL,
    year INTEGER NOT NULL,
    value DOUBLE,
    origin VARCHAR NOT NULL DEFAULT 'published',
    country_name VARCHAR,
    source_id VARCHAR NOT NULL,
    row_ref VARCHAR,
    PRIMARY KEY (iso3, indicator, year, origin)
);
CREATE TABLE import_reliance (
    commodity_id VARCHAR,
    commodity_label VARCHAR NOT NULL,
    importer_iso3 VARCHAR NOT NULL,
    data_year INTEGER NOT NULL,
    value DOUBLE,
    qualifier VARCHAR,
    original_value VARCHAR,
    source_id VARCHAR NOT NULL,
    edition INTEGER,
    row_ref VARCHAR
);
CREATE INDEX import_reliance_lookup ON import_reliance (commodity_id, edition);
CREATE TABLE import_source (
    commodity_id VARCHAR,
    commodity_label VARCHAR NOT NULL,
    importer_iso3 VARCHAR NOT NULL,
    rank INTEGER NOT NULL,
    source_iso3 VARCHAR,
    source_name VARCHAR NOT NULL,
    share DOUBLE,
    period VARCHAR,
    source_id VARCHAR NOT NULL,
    edition INTEGER,
    row_ref VARCHAR
);
CREATE INDEX import_source_lookup ON import_source (commodity_id, edition);
CREATE TABLE stage_production (
    commodity_id VARCHAR NOT NULL,
    stage VARCHAR NOT NULL,
    iso3 VARCHAR,
    area_name VARCHAR NOT NULL,
    data_year INTEGER NOT NULL,
    value DOUBLE,
    unit VARCHAR NOT NULL,
    origin VARCHAR NOT NULL DEFAULT 'user',
    provided_by VARCHAR,
    citation VARCHAR,
    row_ref VARCHAR
);
CREATE TABLE risk_parameter (
    commodity_id VARCHAR NOT NULL,
    method VARCHAR NOT NULL,
    parameter VARCHAR NOT NULL,
    value DOUBLE NOT NULL,
    unit VARCHAR NOT NULL,
    status VARCHAR NOT NULL,
    citation VARCHAR NOT NULL,
    note VARCHAR,
    origin VARCHAR NOT NULL DEFAULT 'reference'
);
"""

#: v2: a country for country-specific parameters (the EU method's trade-adjustment factor
#: t_c for export restrictions)
V2 = """
ALTER TABLE risk_parameter ADD COLUMN iso3 VARCHAR;
"""

register_component("risk", [V1, V2])
