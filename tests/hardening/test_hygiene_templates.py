"""The case dossier's web page and briefing report share one body template (hygiene item 3
after issue 16).

Before: ``web/templates/case.html`` and ``reports/templates/case.html`` held the same ~75
lines (summary, deposits, worth, headlines, deal, Belarus), differing in one page break, so
a fix to one went missing from the other. Now both include ``case_body.html`` from
``assay/shared_templates``, a folder both Jinja loaders read after their own; neither layer
imports the other's templates. The rendered pages are unchanged (tests/case).
"""

from __future__ import annotations

from difflib import SequenceMatcher
from pathlib import Path

import assay

ROOT = Path(assay.__file__).parent
WEB = ROOT / "web" / "templates" / "case.html"
REPORT = ROOT / "reports" / "templates" / "case.html"


def test_case_templates_share_one_body():
    web = WEB.read_text(encoding="utf-8").splitlines()
    report = REPORT.read_text(encoding="utf-8").splitlines()
    match = SequenceMatcher(None, web, report, autojunk=False)
    common = max((block.size for block in match.get_matching_blocks()), default=0)
    assert common <= 4, f"{common} lines repeated between the two case.html templates"
    for lines in (web, report):
        assert '{% include "case_body.html" %}' in lines


def test_both_environments_load_the_shared_body():
    from assay.reports.render import environment
    from assay.web.render import make_environment

    for env in (make_environment(), environment()):
        _, filename, _ = env.loader.get_source(env, "case_body.html")
        assert Path(filename).parent == ROOT / "shared_templates"
