"""Server safety: SSRF-safe fetching, same-origin POSTs, bounded deal requests, no 500s."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from assay.web.security import FetchRefused, address_allowed, safe_fetch


class _Recorder(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []
    redirect_to: str | None = None

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        type(self).hits.append(self.path)
        if type(self).redirect_to and self.path == "/redirect":
            self.send_response(302)
            self.send_header("Location", type(self).redirect_to)
            self.end_headers()
            return
        body = b"<html><body><p>secret intranet page</p></body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def loopback_server() -> Iterator[int]:
    """An HTTP server of this test's own on 127.0.0.1 (and the IPv6 loopback if any)."""
    _Recorder.hits = []
    _Recorder.redirect_to = None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield int(server.server_address[1])
    finally:
        server.shutdown()
        server.server_close()


LOOPBACK_SPELLINGS = [
    "127.0.0.1",
    "localhost",
    "2130706433",
    "0x7f000001",
    "0x7f.0.0.1",
    "127.1",
    "0177.0.0.1",
    "127.0.0.254",
    "[::1]",
    "[::ffff:127.0.0.1]",
    "[0:0:0:0:0:ffff:7f00:1]",
    "LOCALHOST",
    "localhost.",
]


@pytest.mark.parametrize("host", LOOPBACK_SPELLINGS)
def test_every_loopback_spelling_is_refused(loopback_server: int, host: str) -> None:
    url = f"http://{host}:{loopback_server}/page"
    with pytest.raises(FetchRefused):
        safe_fetch(url, 100_000, 5.0)
    assert _Recorder.hits == []  # the server of this test was never reached


@pytest.mark.parametrize(
    "address",
    ["10.0.0.1", "172.16.5.4", "192.168.1.1", "169.254.169.254", "224.0.0.1", "0.0.0.0",
     "100.64.0.1", "fe80::1", "fc00::1", "ff02::1", "::", "2002:7f00:1::1"],
)  # fmt: skip
def test_private_link_local_and_multicast_addresses_are_refused(address: str) -> None:
    assert not address_allowed(address)


def test_public_addresses_are_allowed() -> None:
    assert address_allowed("93.184.215.14") and address_allowed("2606:4700::6810:84e5")


def test_other_schemes_and_credentials_are_refused() -> None:
    for url in ("file:///etc/passwd", "ftp://example.org/x", "gopher://a/", "http://u:p@a.org/"):
        with pytest.raises(FetchRefused):
            safe_fetch(url, 1000, 2.0)


def test_redirects_to_refused_addresses_and_schemes_are_not_followed(loopback_server: int):
    """The loopback server is allowed here (as if it were public) to test redirects."""
    allowed_port = loopback_server

    def allow_only_first_hop(address: str) -> bool:
        return address == "127.0.0.1" and not _Recorder.hits

    base = f"http://127.0.0.1:{allowed_port}"
    body, _ = safe_fetch(base + "/page", 100_000, 5.0, allow=lambda a: a == "127.0.0.1")
    assert b"secret" in body  # the mechanism works when an address is allowed
    for target in ("file:///etc/passwd", f"http://localhost:{allowed_port}/page", "ftp://x/"):
        _Recorder.hits = []
        _Recorder.redirect_to = target
        with pytest.raises(FetchRefused):
            safe_fetch(base + "/redirect", 100_000, 5.0, allow=allow_only_first_hop)
        assert _Recorder.hits == ["/redirect"]


def test_one_error_for_every_refusal(loopback_server: int) -> None:
    """A closed port, an open port, an unknown name and a loopback name answer alike."""
    from assay.web.app import PageError
    from assay.web.routes.article import fetch_url

    messages = set()
    for url in (
        f"http://127.0.0.1:{loopback_server}/",
        "http://127.0.0.1:1/",
        "http://no-such-host.invalid/",
        "http://localhost/",
    ):
        with pytest.raises(PageError) as info:
            fetch_url(url, 1000, 2.0)
        assert info.value.status == 400
        messages.add(info.value.message.split(": ", 1)[1])
    assert len(messages) == 1


# -- the app -------------------------------------------------------------------------------------
@pytest.fixture()
def client(one_table_store: Path):
    from fastapi.testclient import TestClient

    from assay.web import create_app

    with TestClient(create_app(one_table_store, request_timeout_s=20)) as c:
        yield c


def test_cross_site_posts_are_refused(client) -> None:
    example = (Path(__file__).parents[2] / "src/assay/web/deal_example.yaml").read_text()
    form = {"spec": example.replace("n_draws", "#")}
    evil = client.post("/deal.json", data=form, headers={"origin": "https://evil.example"})
    assert evil.status_code == 403 and "cross-site" in evil.json()["error"]
    fetch_meta = client.post("/deal.json", data=form, headers={"sec-fetch-site": "cross-site"})
    assert fetch_meta.status_code == 403
    referer = client.post("/deal.json", data=form, headers={"referer": "http://evil.example/x"})
    assert referer.status_code == 403
    same = client.post("/deal.json", data=form, headers={"origin": "http://testserver"})
    assert same.status_code == 200, same.text


BAD_DEALS = {
    "n_draws: 1.0e9": "n_draws",
    "n_draws: .inf": "n_draws",
    "n_draws: [1]": "n_draws",
    "horizon_years: 1000000": "horizon_years",
    "horizon_years: .nan": "horizon_years",
    "start_year: 1.0e300": "start_year",
    "fund_share: 7": "fund_share",
    "discount_rate: -1": "discount_rate",
    "projects: 5": "projects",
    "projects: [{licence_year: 2026, annual_revenue_usd: -1, life_years: 20}]": "projects",
    "projects: [{licence_year: 2026, annual_revenue_usd: 1, life_years: 1.0e9}]": "life_years",
    "projects: [{licence_year: 2026, annual_revenue_usd: 1, life_years: 9, count: 1.0e+12}]":
        "count",
    "projects: [{licence_year: .inf, annual_revenue_usd: 1, life_years: 9}]": "licence_year",
    "projects: [{licence_year: 2026, annual_revenue_usd: 1, life_years: 9, royalty_rate: 7}]":
        "royalty",
    "lead_time: {kind: fixed, value: .inf}": "lead_time",
    "target_years: [.inf]": "target_years",
    "contributions: [{party: US, year: 1.0e99, amount_usd: 1}]": "year",
}  # fmt: skip


@pytest.mark.parametrize("override", list(BAD_DEALS))
def test_deal_page_answers_bad_specs_with_400_naming_the_key(client, override: str) -> None:
    base = "name: t\nfund_share: 0.5\nstart_year: 2025\nhorizon_years: 30\ndiscount_rate: 0.05\n"
    base += "projects: [{licence_year: 2026, annual_revenue_usd: 1.0e8, life_years: 10}]\n"
    key = override.split(":", 1)[0]
    spec = "\n".join(line for line in base.splitlines() if not line.startswith(key + ":"))
    response = client.post("/deal.json", data={"spec": spec + "\n" + override + "\n"})
    assert response.status_code == 400, response.text
    assert BAD_DEALS[override] in response.json()["error"]


def test_deal_cli_applies_the_same_rules(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from assay.cli import get_app

    spec = tmp_path / "deal.yaml"
    spec.write_text(
        "name: t\nfund_share: 0.5\nstart_year: 2025\nhorizon_years: 30\ndiscount_rate: 0.05\n"
        "n_draws: 1.0e9\nprojects: [{licence_year: 2026, annual_revenue_usd: 1.0e8, "
        "life_years: 10, count: 5}]\n"
    )
    result = CliRunner().invoke(get_app(), ["deal", str(spec)])
    assert result.exit_code == 2
    assert str(spec) in result.output and "n_draws" in result.output and "cap" in result.output


@pytest.mark.parametrize(
    "args",
    [
        ["--ore-t", "-5", "--grade", "Cu=1"],
        ["--ore-t", "nan", "--grade", "Cu=1"],
        ["--ore-t", "inf", "--grade", "Cu=1"],
        ["--ore-t", "1e6", "--grade", "Cu=150"],
        ["--ore-t", "1e6", "--grade", "Cu=1", "--recovery", "Cu=7"],
    ],
)
def test_value_refuses_impossible_inputs(args: list[str]) -> None:
    from typer.testing import CliRunner

    from assay.cli import get_app

    result = CliRunner().invoke(get_app(), ["value", *args])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and result.output.count("\n") <= 3


def test_names_from_the_url_never_reach_a_header_raw(client) -> None:
    from assay.web.security import safe_disposition

    assert safe_disposition(b'attachment; filename="a"b\r\nX-Evil: 1.csv"') == (
        b'attachment; filename="a_bX-Evil_1.csv"'
    )
    for name in ("Ukraine%0a", "Ukraine%22", "Ukraine%0d%0aX-Evil:%201"):
        response = client.get(f"/country/{name}/statistics.csv")
        disposition = response.headers.get("content-disposition", "")
        assert "\n" not in disposition and "x-evil" not in {k.lower() for k in response.headers}
        assert disposition.count('"') in (0, 2)


def _spin(seconds: float) -> int:
    import time

    end = time.monotonic() + seconds
    n = 0
    while time.monotonic() < end:
        n += 1
    return n


def test_work_past_its_time_limit_is_stopped() -> None:
    """A thread cannot be stopped; the forked worker is killed at the limit."""
    import multiprocessing

    from assay.web.security import WorkError, WorkTimeout, run_with_time_limit

    assert run_with_time_limit(_spin, 0.01, seconds=30) > 0
    with pytest.raises(WorkTimeout):
        run_with_time_limit(_spin, 600.0, seconds=0.5)
    assert multiprocessing.active_children() == []  # the worker is gone, not running on
    with pytest.raises(WorkError, match="boom"):
        run_with_time_limit(_raise, "boom", seconds=30)


def _raise(message: str) -> None:
    raise ValueError(message)


def test_spellings_of_one_country_share_one_cached_page(client) -> None:
    app = client.app
    ctx = app.state.ctx
    first = client.get("/country/UKR.json")
    assert first.status_code == 200
    cached = len(ctx._cache)
    for spelling in ("ukr", "Ukraine", "UKRAINE", " ukraine"):
        again = client.get(f"/country/{spelling}.json")
        assert again.status_code == 200 and again.json() == first.json()
    assert len(ctx._cache) == cached  # no new page was computed for the variants


def test_spellings_of_one_commodity_share_one_cached_page(client) -> None:
    ctx = client.app.state.ctx
    first = client.get("/commodity/rare-earths.json")
    assert first.status_code == 200
    cached = len(ctx._cache)
    for spelling in ("Rare-Earths", "rare earths", "RARE EARTHS"):
        again = client.get(f"/commodity/{spelling}.json")
        assert again.status_code == 200 and again.json() == first.json()
    assert len(ctx._cache) == cached
