"""http(s) URLs -> Report(s): fetch with a timeout, a size cap and a user agent, then sniff.

Safety: every address a host resolves to is checked with :mod:`ipaddress` at connection time,
for the first request and for every redirect, and the connection goes to the address that was
checked (so DNS cannot answer differently between the check and the connect). Private, loopback,
link-local, multicast, reserved and other non-global addresses are refused unless
``IngestConfig.allow_private_addresses`` is set. No proxy from the environment is used, and only
http and https are ever opened.

A fetched body is sniffed: an RSS/Atom feed gives one Report per entry, an HTML page one Report.
"""

from __future__ import annotations

import functools
import http.client
import ipaddress
import socket
import ssl
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from storyline.config import IngestConfig
from storyline.ingest.common import Rejected, reject
from storyline.ingest.feeds import feed_reports, looks_like_feed
from storyline.ingest.html import decode_html, html_report, looks_like_html
from storyline.model import Rejection, Report

FEED_TYPES = frozenset(
    {"application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+json"}
)
_ACCEPT = (
    "text/html, application/xhtml+xml, application/rss+xml, application/atom+xml, "
    "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
)
_CHUNK = 65536


class BlockedAddress(OSError):
    """A host that resolves to an address the configuration does not allow fetching."""


def is_url(value: str) -> bool:
    return value.lower().startswith(("http://", "https://"))


def address_problem(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """Why fetching from ``ip`` is refused by default, or None if it is a public address."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    checks = (
        ("loopback", ip.is_loopback),
        ("link-local", ip.is_link_local),
        ("private", ip.is_private),
        ("multicast", ip.is_multicast),
        ("unspecified", ip.is_unspecified),
        ("reserved", ip.is_reserved),
        ("not globally routable", not ip.is_global),
    )
    return next((name for name, hit in checks if hit), None)


def _connect_checked(
    address: tuple[str, int],
    timeout: Any = socket._GLOBAL_DEFAULT_TIMEOUT,  # type: ignore[attr-defined]
    source_address: Any = None,
    *,
    allow_private: bool,
) -> socket.socket:
    """socket.create_connection, but every resolved address is checked before connecting."""
    host, port = address
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise OSError(f"cannot resolve {host}: {exc.strerror}") from exc
    if not allow_private:
        for *_, sockaddr in infos:
            ip = ipaddress.ip_address(str(sockaddr[0]).split("%")[0])
            problem = address_problem(ip)
            if problem is not None:
                raise BlockedAddress(f"{host} resolves to {ip}, a {problem} address")
    error: OSError | None = None
    for family, socktype, proto, _, sockaddr in infos:
        sock = socket.socket(family, socktype, proto)
        try:
            if isinstance(timeout, (int, float)):
                sock.settimeout(timeout)
            if source_address:
                sock.bind(source_address)
            sock.connect(sockaddr)
        except OSError as exc:
            sock.close()
            error = exc
            continue
        return sock
    raise error or OSError(f"no address for {host}")


class _CheckedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, *args: Any, allow_private: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._create_connection = functools.partial(_connect_checked, allow_private=allow_private)


class _CheckedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, *args: Any, allow_private: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._create_connection = functools.partial(_connect_checked, allow_private=allow_private)


class _CheckedHTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, allow_private: bool) -> None:
        super().__init__()
        self.allow_private = allow_private

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        connection = functools.partial(_CheckedHTTPConnection, allow_private=self.allow_private)
        return self.do_open(connection, req)


class _CheckedHTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, allow_private: bool) -> None:
        super().__init__(context=ssl.create_default_context())
        self.allow_private = allow_private

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        connection = functools.partial(_CheckedHTTPSConnection, allow_private=self.allow_private)
        return self.do_open(connection, req, context=self._context)  # type: ignore[attr-defined]


def _opener(cfg: IngestConfig) -> urllib.request.OpenerDirector:
    """Only http(s), no environment proxies, redirects re-checked by the connection classes."""
    opener = urllib.request.OpenerDirector()
    for handler in (
        _CheckedHTTPHandler(cfg.allow_private_addresses),
        _CheckedHTTPSHandler(cfg.allow_private_addresses),
        urllib.request.HTTPRedirectHandler(),
        urllib.request.HTTPDefaultErrorHandler(),
        urllib.request.HTTPErrorProcessor(),
        urllib.request.UnknownHandler(),
    ):
        opener.add_handler(handler)
    return opener


@dataclass(frozen=True, slots=True)
class Fetched:
    url: str  # after redirects
    body: bytes
    content_type: str  # lower-case media type without parameters; "" when not sent
    charset: str | None


def fetch(url: str, cfg: IngestConfig) -> Fetched:
    """GET ``url`` within the configured limits; raises Rejected with the reason on failure."""
    if not is_url(url) or not urlsplit(url).hostname:
        raise Rejected("fetch-failed", f"not an http(s) URL with a host: {url}")
    request = urllib.request.Request(
        url, headers={"User-Agent": cfg.user_agent, "Accept": _ACCEPT}
    )
    deadline = time.monotonic() + cfg.fetch_timeout_s
    try:
        with _opener(cfg).open(request, timeout=cfg.fetch_timeout_s) as response:
            declared = response.headers.get("Content-Length")
            if declared and declared.strip().isdigit() and int(declared) > cfg.max_fetch_bytes:
                limit = cfg.max_fetch_bytes
                raise Rejected("oversized", f"{declared} bytes declared > max_fetch_bytes {limit}")
            body = _read_capped(response, cfg.max_fetch_bytes, deadline, cfg.fetch_timeout_s)
            content_type = response.headers.get_content_type() if "Content-Type" in (
                response.headers
            ) else ""
            return Fetched(
                url=response.geturl(),
                body=body,
                content_type=content_type,
                charset=response.headers.get_content_charset(),
            )
    except urllib.error.HTTPError as exc:
        raise Rejected("fetch-failed", f"HTTP {exc.code} {exc.reason}") from exc
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, BlockedAddress):
            raise Rejected("blocked-address", str(exc.reason)) from exc
        if isinstance(exc.reason, TimeoutError):
            raise Rejected("fetch-failed", f"timed out after {cfg.fetch_timeout_s}s") from exc
        raise Rejected("fetch-failed", str(exc.reason)) from exc
    except TimeoutError as exc:
        raise Rejected("fetch-failed", f"timed out after {cfg.fetch_timeout_s}s") from exc
    except (OSError, http.client.HTTPException, ValueError) as exc:
        raise Rejected("fetch-failed", f"{type(exc).__name__}: {exc}") from exc


def _read_capped(response: Any, cap: int, deadline: float, timeout: float) -> bytes:
    """Read the body in chunks: never more than ``cap`` + 1 bytes, never past the deadline."""
    chunks: list[bytes] = []
    size = 0
    # read1: at most one socket read per call, so a server dripping bytes cannot hold the read
    # past the deadline (read(n) would wait for all n bytes).
    read = getattr(response, "read1", response.read)
    while True:
        chunk = read(_CHUNK)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > cap:
            raise Rejected("oversized", f"body > max_fetch_bytes {cap}")
        if time.monotonic() > deadline:
            raise Rejected("fetch-failed", f"timed out after {timeout}s (slow body)")
        chunks.append(chunk)


def url_reports(url: str, cfg: IngestConfig) -> Iterator[Report | Rejection]:
    try:
        fetched = fetch(url, cfg)
    except Rejected as exc:
        yield reject(url, exc.reason, exc.detail)
        return
    if not fetched.body.strip():
        yield reject(url, "empty-text", "empty response body")
        return
    head = fetched.body[:4096].decode("utf-8", "replace")
    if fetched.content_type in FEED_TYPES or (
        not looks_like_html(head) and looks_like_feed(head)
    ):
        yield from feed_reports(
            fetched.body, origin=url, max_text_bytes=cfg.max_text_bytes, feed_url=fetched.url
        )
        return
    if "html" in fetched.content_type or looks_like_html(head):
        try:
            html = decode_html(fetched.body, fetched.charset)
        except Rejected as exc:
            yield reject(url, exc.reason, exc.detail)
            return
        yield html_report(
            html, origin=url, kind="url", max_text_bytes=cfg.max_text_bytes, url=fetched.url
        )
        return
    kind = fetched.content_type or "unknown content type"
    yield reject(url, "unsupported-kind", f"{kind} is neither an HTML page nor a feed")
