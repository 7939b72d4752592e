"""The desk tests reuse the web tests' live server, headless Chromium and page visits."""

from tests.web.conftest import (  # noqa: F401 - fixtures, found by pytest through this module
    full_client,
    full_store_path,
    live_server,
    visit,
)
