"""The schemathesis configuration makes no blanket exception (hygiene item 5 after issue 14).

Before: ``schemathesis.toml`` declared 400 an expected answer to schema-valid data for every
operation, so a GET page refusing well-formed parameters would have passed unnoticed. Now
the exception is scoped to the POST operations whose body is a document the schema can only
describe as a string or a file, and each of them documents its 400.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from tests.web.conftest import _write_tiny

CONFIG = Path(__file__).parent / "schemathesis.toml"


def _openapi(tmp_path: Path) -> dict:
    from assay.web import create_app

    return create_app(_write_tiny(tmp_path / "tiny.duckdb"), write_token="t").openapi()


def _string_or_file_fields(spec: dict, operation: dict) -> set[str]:
    """Names of the body fields that are free text or an uploaded file."""
    content = operation["requestBody"]["content"]
    fields = set()
    for media in content.values():
        ref = media["schema"]["$ref"].rsplit("/", 1)[-1]
        for name, prop in spec["components"]["schemas"][ref]["properties"].items():
            kinds = [prop, *prop.get("anyOf", [])]
            if any(k.get("type") == "string" for k in kinds):
                fields.add(name)
    return fields


def test_no_global_exception_and_scoped_ones_are_document_posts(tmp_path):
    config = tomllib.loads(CONFIG.read_text(encoding="utf-8"))
    # nothing global: every other operation must accept every schema-valid request
    assert "positive_data_acceptance" not in config.get("checks", {})
    spec = _openapi(tmp_path)
    scoped = config["operations"]
    assert scoped, "no scoped exception left: drop this test's loop, keep the global check"
    for block in scoped:
        assert block["include-method"] == "POST"
        assert "400" in block["checks"]["positive_data_acceptance"]["expected-statuses"]
        for path in block["include-path"]:
            operation = spec["paths"][path]["post"]
            assert "400" in operation["responses"], path
            assert _string_or_file_fields(spec, operation), path


def test_deal_spec_field_is_bounded_text(tmp_path):
    spec = _openapi(tmp_path)
    body = spec["paths"]["/deal.json"]["post"]["requestBody"]["content"]
    ref = body["application/x-www-form-urlencoded"]["schema"]["$ref"].rsplit("/", 1)[-1]
    field = spec["components"]["schemas"][ref]["properties"]["spec"]
    assert field["minLength"] == 1 and field["maxLength"] == 50_000
    assert "YAML mapping" in field["description"]
