"""Data model and storage: one embedded DuckDB file, migrated by component."""

from assay.store.db import Store, default_db_path, open_store

__all__ = ["Store", "default_db_path", "open_store"]
