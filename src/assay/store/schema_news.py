"""News component: checked articles and their judged claims.

Entities
--------
news_document
    One checked article: ``id`` (primary key; the file stem or the record id), ``title``,
    ``outlet``, ``url``, ``path``, ``published`` (date), ``date_source`` ('metadata',
    'byline', 'caller'), ``format``, ``checked_at``, and its verdict counts.
news_claim
    One judged claim: ``id`` (``<document>:c<n>``), ``document_id``, ``type``, ``subject``,
    ``text``, ``span_start``/``span_end`` (character offsets into the checked text),
    ``verdict`` ('supported' | 'refuted' | 'not-checkable'), ``explanation``, ``edition``
    of the statistics used, ``commodity`` and the ``evidence`` rows as JSON; from v2 also
    the ``comparison`` (the claim's arithmetic, JSON) and the ``reason`` of a
    not-checkable verdict.
news_claim_country
    Countries (ISO 3166-1 alpha-3) a claim mentions: in its sentence, as its subject or in
    its evidence; indexed for the country dossier.
"""

from assay.store.db import register_component

V1 = """
CREATE TABLE news_document (
    id VARCHAR PRIMARY KEY,
    title VARCHAR,
    outlet VARCHAR,
    url VARCHAR,
    path VARCHAR,
    published DATE,
    date_source VARCHAR,
    format VARCHAR,
    checked_at TIMESTAMP DEFAULT current_timestamp,
    n_supported INTEGER,
    n_refuted INTEGER,
    n_not_checkable INTEGER
);
CREATE TABLE news_claim (
    id VARCHAR PRIMARY KEY,
    document_id VARCHAR NOT NULL,
    type VARCHAR NOT NULL,
    subject VARCHAR,
    text VARCHAR NOT NULL,
    span_start INTEGER,
    span_end INTEGER,
    verdict VARCHAR NOT NULL,
    explanation VARCHAR,
    edition INTEGER,
    commodity VARCHAR,
    evidence VARCHAR
);
CREATE INDEX news_claim_document ON news_claim (document_id);
CREATE TABLE news_claim_country (
    claim_id VARCHAR NOT NULL,
    iso3 VARCHAR NOT NULL,
    PRIMARY KEY (claim_id, iso3)
);
CREATE INDEX news_claim_country_iso3 ON news_claim_country (iso3);
"""

#: v2: a saved check keeps each claim's arithmetic and the reason it could not be checked.
V2 = """
ALTER TABLE news_claim ADD COLUMN comparison VARCHAR;
ALTER TABLE news_claim ADD COLUMN reason VARCHAR;
"""

register_component("news", [V1, V2])
