"""Site inventory: what is where, and how real it is.

Entities
--------
site_record
    One row per record of a source database, as published (``dataset`` + ``record_id``
    identify it; ``id`` = ``dataset:record_id``): name, aliases, country (``iso3`` and the
    published ``country_raw``), published ``state_or_province``, location (``lon``/``lat`` in
    ``crs``, with ``location_precision``: 'point' (published point), 'multipoint-first'
    (first point of a published multipoint), 'none'), ``deposit_type`` as published,
    ``commodities`` ('|'-joined commodity names as published) and ``commodity_ids``
    ('|'-joined assay commodity ids), ``status``, ``source_id`` (table ``source``),
    ``reference_title``/``reference_uri``, ``row_ref`` (``file:line``) and the derived
    ``region`` (admin-1, from point-in-polygon, else the published province) and
    ``region_method``.
site
    One linked deposit: ``id`` (``S`` + number, stable for one build), ``name`` (the
    preferred name), ``iso3``, ``region``, representative ``lon``/``lat`` (from the most
    precise record), ``deposit_type``, ``commodity_ids``, ``confidence_level`` (the highest
    ladder level among its estimates; 0 when none), ``control_id`` (table
    ``control_area``) and ``n_records``.
site_name
    Every name and variant of a site with the record it came from and its ``name_key``
    (the normalised comparison key of :func:`assay.models.linking.name_key`).
estimate
    One reported quantity: the record it belongs to, ``system`` + ``category`` as
    published, their place on the confidence ladder (``ladder``, ``level``, ``approximate``,
    ``kind``, ``compliant``), ``historic`` flag, ore tonnage (``ore_t`` [t], with
    ``ore_value_original``/``ore_unit_original``), the commodity/element (``commodity``
    as published, ``element`` symbol where it is one), grade (``grade_percent`` [wt %] of
    ``grade_basis`` 'element' | 'oxide' | 'TREO' | 'unknown', with ``grade_value_original``
    / ``grade_unit_original``), ``contained_t`` [t of the grade basis], cut-off, ``as_of``
    (date of the estimate), ``zone``, ``derived`` (TRUE for values computed here, e.g.
    TREO summed from element grades), ``source_id``, ``page`` and ``row_ref``.
site_link
    One scored pair of records (``record_a`` < ``record_b``) with every part of the score,
    ``linked`` (score at or above the threshold) and the ``method`` version.
admin_area
    User-supplied admin-1 polygons (``iso3``, ``name``, ``code``, ``source``,
    ``geometry_wkt``), used by placement before the bundled layers (schema v2).
control_area
    A dated control layer: ``id``, ``name``, ``iso3``, ``admin1_code``, ``controlling_party``,
    ``status``, ``as_of``, ``source`` and ``geometry_wkt`` (EPSG:4326).
"""

from assay.store.db import register_component

V1 = """
CREATE TABLE site_record (
    id VARCHAR PRIMARY KEY,
    dataset VARCHAR NOT NULL,
    record_id VARCHAR NOT NULL,
    site_id VARCHAR,
    name VARCHAR NOT NULL,
    aliases VARCHAR,
    country_raw VARCHAR,
    iso3 VARCHAR,
    state_or_province VARCHAR,
    region VARCHAR,
    region_method VARCHAR,
    lon DOUBLE,
    lat DOUBLE,
    crs VARCHAR,
    location_precision VARCHAR,
    deposit_type VARCHAR,
    deposit_type_group VARCHAR,
    commodities VARCHAR,
    commodity_ids VARCHAR,
    status VARCHAR,
    source_id VARCHAR,
    reference_title VARCHAR,
    reference_uri VARCHAR,
    row_ref VARCHAR,
    extra VARCHAR
);
CREATE INDEX site_record_site ON site_record (site_id);
CREATE INDEX site_record_iso3 ON site_record (iso3);
CREATE TABLE site (
    id VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL,
    iso3 VARCHAR,
    region VARCHAR,
    lon DOUBLE,
    lat DOUBLE,
    location_precision VARCHAR,
    deposit_type VARCHAR,
    commodity_ids VARCHAR,
    confidence_level INTEGER NOT NULL DEFAULT 0,
    control_id VARCHAR,
    n_records INTEGER NOT NULL
);
CREATE INDEX site_iso3 ON site (iso3);
CREATE TABLE site_name (
    site_id VARCHAR,
    record_id VARCHAR NOT NULL,
    name VARCHAR NOT NULL,
    name_key VARCHAR,
    kind VARCHAR NOT NULL
);
CREATE SEQUENCE estimate_id_seq;
CREATE TABLE estimate (
    id BIGINT PRIMARY KEY DEFAULT nextval('estimate_id_seq'),
    record_id VARCHAR NOT NULL,
    system VARCHAR NOT NULL,
    category VARCHAR,
    ladder VARCHAR NOT NULL,
    level INTEGER NOT NULL,
    approximate BOOLEAN NOT NULL,
    kind VARCHAR,
    compliant BOOLEAN NOT NULL,
    historic BOOLEAN NOT NULL DEFAULT FALSE,
    commodity VARCHAR,
    commodity_id VARCHAR,
    element VARCHAR,
    ore_t DOUBLE,
    ore_value_original VARCHAR,
    ore_unit_original VARCHAR,
    grade_percent DOUBLE,
    grade_basis VARCHAR,
    grade_value_original VARCHAR,
    grade_unit_original VARCHAR,
    contained_t DOUBLE,
    cutoff_value VARCHAR,
    cutoff_unit VARCHAR,
    as_of VARCHAR,
    zone VARCHAR,
    derived BOOLEAN NOT NULL DEFAULT FALSE,
    note VARCHAR,
    source_id VARCHAR,
    page VARCHAR,
    row_ref VARCHAR
);
CREATE INDEX estimate_record ON estimate (record_id);
CREATE TABLE site_link (
    record_a VARCHAR NOT NULL,
    record_b VARCHAR NOT NULL,
    score DOUBLE NOT NULL,
    name_score DOUBLE,
    distance_km DOUBLE,
    distance_score DOUBLE,
    commodity_score DOUBLE,
    type_score DOUBLE,
    linked BOOLEAN NOT NULL,
    method VARCHAR NOT NULL
);
CREATE TABLE control_area (
    id VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL,
    iso3 VARCHAR,
    admin1_code VARCHAR,
    controlling_party VARCHAR,
    status VARCHAR NOT NULL,
    as_of DATE NOT NULL,
    source VARCHAR NOT NULL,
    note VARCHAR,
    geometry_wkt VARCHAR
);
"""

# v2: user-supplied admin-1 boundary layers (bundled ones live in assay/reference/boundaries)
V2 = """
CREATE TABLE admin_area (
    id VARCHAR PRIMARY KEY,
    iso3 VARCHAR NOT NULL,
    name VARCHAR NOT NULL,
    code VARCHAR,
    source VARCHAR,
    geometry_wkt VARCHAR NOT NULL
);
"""

# v3: admin-1 regions normalised to ISO 3166-2 (assay.analyses.sites_regions); the published
# string stays in site_record.state_or_province
V3 = """
ALTER TABLE site_record ADD COLUMN region_code VARCHAR;
ALTER TABLE site_record ADD COLUMN region_basis VARCHAR;
ALTER TABLE site ADD COLUMN region_code VARCHAR;
ALTER TABLE site ADD COLUMN region_method VARCHAR;
"""

# v4: border uncertainty (assay.analyses.sites_regions.near_polygons): a JSON object with the
# candidate regions / control areas of a point lying within its margin of a border
V4 = """
ALTER TABLE site_record ADD COLUMN region_border VARCHAR;
ALTER TABLE site ADD COLUMN region_border VARCHAR;
ALTER TABLE site ADD COLUMN control_border VARCHAR;
"""

register_component("sites", [V1, V2, V3, V4])
