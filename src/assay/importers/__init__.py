"""Importers for the formats the field publishes (USGS MCS data releases, site inventories,
grade-tonnage models, rasters, news). Each import is atomic: it validates first, writes in one
transaction, and reports every malformed row with file, line and field."""
