"""Reports: HTML and PDF documents with figures, tables and a sources section.

- :func:`assessment_report` (tract spec -> :class:`Report`)
- :func:`write_report` (``Report`` -> ``.html`` or ``.pdf`` file)
"""

from assay.reports.assessment import (
    assessment_data,
    assessment_report,
    render_assessment_report,
)
from assay.reports.render import Report, html_to_pdf, write_report

__all__ = [
    "Report",
    "assessment_data",
    "assessment_report",
    "html_to_pdf",
    "render_assessment_report",
    "write_report",
]
