"""assay: critical-mineral intelligence with provenance.

Layers (nothing imports upward):

- ``assay.store``      data model and the embedded DuckDB store
- ``assay.reference``  bundled curated reference data (each row cites its source)
- ``assay.importers``  readers for the formats the field publishes
- ``assay.models``     pure numerical models (numpy/pandas in, numpy/pandas out)
- ``assay.analyses``   analyses that combine the store and the models
- ``assay.cli``, ``assay.web``, ``assay.reports``  the interfaces
"""

__version__ = "0.1.0"
