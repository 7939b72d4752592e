"""Schema component ``audit``: corrections applied to published numbers, and audit flags.

Tables
------
correction_log
    One row per stored value a bundled correction (``reference/corrections.csv``) changed:
    ``correction_id``, ``target`` ('observation' | 'site_record'), ``target_id`` (the
    observation id, or the site record id), ``field`` ('value', 'lat', 'lon'...),
    ``original_value`` (what the source published, as stored before the correction),
    ``corrected_value``, ``unit``, ``evidence`` (why, citing the neighbouring editions or the
    chapter read) and ``evidence_ref``. Nothing is edited silently: every view can show the
    original beside the corrected number.
audit_flag
    The plausibility flags of the last ``assay build`` or import of audited data (MCS, site
    records, World Mining Data: :func:`assay.analyses.audit.refresh`), so that views can
    show a high-severity flag next to the number without re-running the audit: ``id``,
    ``severity`` ('high' | 'medium' | 'low'), ``kind``, ``observation_id``
    (the flagged observation, NULL for a site flag), ``site_record_id``, ``evidence``,
    ``suggested_fix``, ``correction_id`` (NULL when none) and ``reason`` (a written reason
    for a flag that needs no correction).
series_note (v2)
    A published note that explains a change of a series, imported from the USGS data
    release revision files (``MCS2024_Data_Release_Revision_File_2024-03-06.txt``):
    ``commodity_id``, ``edition``, ``measure`` (NULL: the whole table), ``countries``
    (';'-joined ISO3 the note names, NULL when it names none), ``text`` as published,
    ``source_id``, ``row_ref`` (file:line) and ``kind`` ('revision file').
"""

from assay.store.db import register_component

V1 = """
CREATE TABLE correction_log (
    correction_id VARCHAR NOT NULL,
    target VARCHAR NOT NULL,
    target_id VARCHAR NOT NULL,
    field VARCHAR NOT NULL,
    original_value DOUBLE,
    corrected_value DOUBLE,
    unit VARCHAR,
    evidence VARCHAR NOT NULL,
    evidence_ref VARCHAR,
    applied_at TIMESTAMP DEFAULT current_timestamp,
    PRIMARY KEY (target, target_id, field)
);
CREATE TABLE audit_flag (
    id VARCHAR PRIMARY KEY,
    severity VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    observation_id BIGINT,
    site_record_id VARCHAR,
    evidence VARCHAR NOT NULL,
    suggested_fix VARCHAR,
    correction_id VARCHAR,
    reason VARCHAR
);
"""

V2 = """
CREATE TABLE series_note (
    commodity_id VARCHAR NOT NULL,
    edition INTEGER,
    measure VARCHAR,
    countries VARCHAR,
    text VARCHAR NOT NULL,
    source_id VARCHAR NOT NULL,
    row_ref VARCHAR,
    kind VARCHAR NOT NULL
);
"""

register_component("audit", [V1, V2])
