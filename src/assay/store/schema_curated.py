"""Curated deposits: what the site inventory's tables cannot hold about a curated row.

The curated deposits of ``assay/reference/deposits`` are loaded as the site dataset
``assay-curated`` (tables ``site_record`` and ``estimate``); these tables keep the rest.

Entities
--------
curated_deposit
    One curated deposit (``record_id`` = its ``site_record.id``): ``deposit_id``, ``status``
    and ``status_as_of``, ``operator``, the location's ``location_precision`` and
    ``precision_km`` [km] with its ``location_source_id``, the region as curated
    (``region``, ``region_code``, ``district``), the citation (``source_id``, ``page``) and
    ``secondary`` (TRUE when the row rests on a secondary report only).
curated_estimate
    One curated estimate row (``row_ref`` = its ``estimate.row_ref``): the curated
    ``estimate_key`` shared by the commodity rows of one estimate, ``system_published``
    (the system as curated: 'GKZ', 'JORC', 'historic', 'prognostic-other' ...),
    ``grade_species`` (TR2O3, ZrO2, Li2O ...), ``depth_limit_m`` [m] and ``secondary``
    (kept out of headline totals when TRUE).
"""

from assay.store.db import register_component

V1 = """
CREATE TABLE curated_deposit (
    record_id VARCHAR PRIMARY KEY,
    deposit_id VARCHAR NOT NULL,
    status VARCHAR,
    status_as_of VARCHAR,
    operator VARCHAR,
    location_precision VARCHAR,
    precision_km DOUBLE,
    location_source_id VARCHAR,
    region VARCHAR,
    region_code VARCHAR,
    district VARCHAR,
    source_id VARCHAR,
    page VARCHAR,
    secondary BOOLEAN NOT NULL DEFAULT FALSE,
    note VARCHAR
);
CREATE TABLE curated_estimate (
    row_ref VARCHAR PRIMARY KEY,
    record_id VARCHAR NOT NULL,
    estimate_key VARCHAR NOT NULL,
    system_published VARCHAR NOT NULL,
    grade_species VARCHAR,
    depth_limit_m DOUBLE,
    secondary BOOLEAN NOT NULL DEFAULT FALSE
);
"""

register_component("curated", [V1])
