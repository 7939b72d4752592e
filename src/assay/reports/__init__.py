"""Reports: HTML and PDF documents with figures, tables and a sources section."""
