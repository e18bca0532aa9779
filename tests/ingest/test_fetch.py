"""URLs against a real HTTP server on 127.0.0.1: pages, feeds, redirects, limits and refusals."""

from __future__ import annotations

import ipaddress
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest

from storyline.config import IngestConfig
from storyline.ingest import read_inputs
from storyline.ingest.fetch import address_problem
from storyline.model import Rejection, Report
from tests.ingest import samples

ALLOW = IngestConfig(allow_private_addresses=True, fetch_timeout_s=5.0)
SLOW_RESPONSE_S = 1.5


class Handler(BaseHTTPRequestHandler):
    user_agents: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self.user_agents.append(self.headers.get("User-Agent", ""))
        route = {
            "/bridge.html": lambda: self._send(samples.BRIDGE_PAGE.encode(), "text/html"),
            "/market": lambda: self._send(
                samples.LATIN1_PAGE.encode("iso-8859-1"), "text/html; charset=iso-8859-1"
            ),
            "/feed": lambda: self._send(samples.RSS_FEED.encode(), "application/rss+xml"),
            "/feed-as-xml": lambda: self._send(samples.ATOM_FEED.encode(), "text/xml"),
            "/moved": lambda: self._redirect("/bridge.html"),
            "/to-file": lambda: self._redirect("file:///etc/hostname"),
            "/to-ftp": lambda: self._redirect("ftp://127.0.0.1/news.txt"),
            "/slow": self._slow,
            "/big-declared": lambda: self._send(b"<html>" + b"x" * 5000, "text/html"),
            "/big-streamed": self._stream_without_length,
            "/image.png": lambda: self._send(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "image/png"),
            "/empty": lambda: self._send(b"", "text/html"),
            "/drip": self._drip,
        }.get(self.path)
        if route is None:
            self.send_error(404, "Not Found")
        else:
            route()

    def _send(self, body: bytes, content_type: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _slow(self) -> None:
        time.sleep(SLOW_RESPONSE_S)
        self._send(samples.BRIDGE_PAGE.encode(), "text/html")

    def _stream_without_length(self) -> None:
        # No Content-Length: the body ends when the connection closes (HTTP/1.0).
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        for _ in range(50):
            self.wfile.write(b"<p>" + b"y" * 1000 + b"</p>")

    def _drip(self) -> None:
        # Each piece arrives well within the socket timeout; the whole takes far longer.
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        self.wfile.write(b"<html><body>")
        for _ in range(int(SLOW_RESPONSE_S / 0.1)):
            time.sleep(0.1)
            self.wfile.write(b"<p>drip</p>")
            self.wfile.flush()

    def log_message(self, format: str, *args: object) -> None:
        pass  # keep test output clean


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that gave up (timeout, size cap) is expected here


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    server = QuietServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def read_all(url: str, cfg: IngestConfig = ALLOW) -> list[Report | Rejection]:
    return list(read_inputs([url], cfg))


def only_rejection(url: str, cfg: IngestConfig = ALLOW) -> Rejection:
    items = read_all(url, cfg)
    assert len(items) == 1 and isinstance(items[0], Rejection), items
    return items[0]


def test_fetched_page_is_a_url_report(base_url: str) -> None:
    Handler.user_agents.clear()
    (report,) = read_all(f"{base_url}/bridge.html")
    assert isinstance(report, Report)
    assert report.kind == "url"
    assert report.origin == f"{base_url}/bridge.html"
    assert report.url == "https://www.valleycourier.example/news/bridge-reopens"  # canonical
    assert report.metadata["fetched_url"] == f"{base_url}/bridge.html"
    assert report.title == "Harbour bridge reopens after repairs"
    assert "eleven weeks of repairs" in report.text
    assert Handler.user_agents == [ALLOW.user_agent]


def test_charset_from_the_http_header_decodes_the_page(base_url: str) -> None:
    (report,) = read_all(f"{base_url}/market")
    assert isinstance(report, Report)
    assert "six cafés" in report.text
    # No canonical link: the fetched address is the URL, and its host the outlet.
    assert report.url == f"{base_url}/market"
    assert report.outlet == "127.0.0.1"


@pytest.mark.parametrize(("path", "count"), [("/feed", 2), ("/feed-as-xml", 1)])
def test_fetched_feed_gives_one_report_per_entry(base_url: str, path: str, count: int) -> None:
    items = read_all(f"{base_url}{path}")
    reports = [item for item in items if isinstance(item, Report)]
    assert len(reports) == count
    assert all(r.kind == "rss" and r.origin.startswith(f"{base_url}{path}#") for r in reports)
    assert all(r.url and r.url.startswith("https://") for r in reports)


def test_redirect_is_followed(base_url: str) -> None:
    (report,) = read_all(f"{base_url}/moved")
    assert isinstance(report, Report)
    assert report.origin == f"{base_url}/moved"
    assert report.metadata["fetched_url"] == f"{base_url}/bridge.html"


@pytest.mark.parametrize("path", ["/to-file", "/to-ftp"])
def test_redirects_to_other_schemes_are_not_followed(base_url: str, path: str) -> None:
    item = only_rejection(f"{base_url}{path}")
    assert item.reason == "fetch-failed"


def test_loopback_is_blocked_by_default(base_url: str) -> None:
    Handler.user_agents.clear()
    item = only_rejection(f"{base_url}/bridge.html", IngestConfig())
    assert item.reason == "blocked-address"
    assert "127.0.0.1" in item.detail and "loopback" in item.detail
    assert Handler.user_agents == []  # refused before any request was sent
    host = f"http://localhost:{base_url.rsplit(':', 1)[1]}/bridge.html"
    assert only_rejection(host, IngestConfig()).reason == "blocked-address"


def test_timeout_is_fetch_failed(base_url: str) -> None:
    started = time.monotonic()
    cfg = IngestConfig(allow_private_addresses=True, fetch_timeout_s=0.3)
    item = only_rejection(f"{base_url}/slow", cfg)
    assert item.reason == "fetch-failed"
    assert "timed out" in item.detail
    assert time.monotonic() - started < SLOW_RESPONSE_S


def test_slow_drip_body_hits_the_overall_deadline(base_url: str) -> None:
    started = time.monotonic()
    cfg = IngestConfig(allow_private_addresses=True, fetch_timeout_s=0.5)
    item = only_rejection(f"{base_url}/drip", cfg)
    assert item.reason == "fetch-failed" and "timed out" in item.detail
    assert time.monotonic() - started < SLOW_RESPONSE_S


@pytest.mark.parametrize("path", ["/big-declared", "/big-streamed"])
def test_body_over_the_fetch_cap_is_oversized(base_url: str, path: str) -> None:
    cfg = IngestConfig(allow_private_addresses=True, max_fetch_bytes=2000)
    assert only_rejection(f"{base_url}{path}", cfg).reason == "oversized"


def test_http_errors_and_refused_connections_are_fetch_failed(base_url: str) -> None:
    missing = only_rejection(f"{base_url}/no-such-page")
    assert missing.reason == "fetch-failed" and "404" in missing.detail
    # A port nobody listens on: connection refused.
    closed = QuietServer(("127.0.0.1", 0), Handler)
    port = closed.server_address[1]
    closed.server_close()
    assert only_rejection(f"http://127.0.0.1:{port}/").reason == "fetch-failed"
    assert only_rejection("http://no-such-host.invalid/").reason == "fetch-failed"


def test_other_content_is_unsupported_and_empty_bodies_are_empty(base_url: str) -> None:
    assert only_rejection(f"{base_url}/image.png").reason == "unsupported-kind"
    assert only_rejection(f"{base_url}/empty").reason == "empty-text"


@pytest.mark.parametrize(
    ("address", "problem"),
    [
        ("127.0.0.1", "loopback"),
        ("::1", "loopback"),
        ("10.1.2.3", "private"),
        ("192.168.0.10", "private"),
        ("172.16.5.4", "private"),
        ("169.254.169.254", "link-local"),  # cloud metadata endpoints live here
        ("fe80::1", "link-local"),
        ("::ffff:127.0.0.1", "loopback"),  # IPv4-mapped IPv6 is unwrapped
        ("0.0.0.0", "private"),
        ("224.0.0.1", "multicast"),
        ("100.64.0.1", "not globally routable"),  # carrier-grade NAT
        ("93.184.216.34", None),
        ("2606:4700:4700::1111", None),
    ],
)
def test_address_policy(address: str, problem: str | None) -> None:
    assert address_problem(ipaddress.ip_address(address)) == problem
