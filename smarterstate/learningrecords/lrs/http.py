"""The xAPI HTTP protocol around every resource: alternate request syntax, version negotiation,
HTTP Basic authentication of learning platforms, bounded body reading, errors and headers.

Views receive an :class:`XAPIRequest` and return a Django response or raise ``XAPIError``.
The LRS is authenticated by platform credentials, not user sessions, so these views are outside
the user authorization walk; ``tests/test_statements_resource.py`` covers clients and organisations.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import parse_qsl

import orjson
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.http import http_date

from smarterstate.authz import Level

from ..models import LearningPlatform
from ..services.platforms import platform_authenticate, platform_note_reject
from ..xapi.errors import Invalid, TooLarge, XAPIError

VERSIONS = {"1.0.3": re.compile(r"1\.0(?:\.\d+)?"), "2.0.0": re.compile(r"2\.0(?:\.\d+)?")}
FORM_HEADERS = ("authorization", "x-experience-api-version", "content-type", "content-length",
                "if-match", "if-none-match")  # fmt: skip
ALTERNATE_METHODS = ("GET", "HEAD", "PUT", "POST", "DELETE")


@dataclass
class XAPIRequest:
    method: str
    resource: str
    params: dict[str, str]
    headers: dict[str, str]
    body: bytes
    version: str = "2.0.0"
    platform: LearningPlatform | None = None
    alternate: bool = False
    extra: dict = field(default_factory=dict)

    @property
    def v2(self) -> bool:
        return self.version.startswith("2")

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")

    @property
    def media_type(self) -> str:
        return self.content_type.split(";")[0].strip().lower()

    @property
    def client(self) -> LearningPlatform:
        """The authenticated learning platform (every resource but ``about`` has one)."""
        if self.platform is None:
            raise XAPIError("this resource needs an authenticated learning platform", 401)
        return self.platform

    @property
    def organisation_id(self) -> int:
        return self.client.organisation_id

    def json_body(self, what: str = "body"):
        try:
            return orjson.loads(self.body)
        except orjson.JSONDecodeError as exc:
            raise Invalid(what, f"is not valid JSON ({exc})") from None


def json_response(data, status: int = 200) -> HttpResponse:
    return HttpResponse(orjson.dumps(data), status=status, content_type="application/json")


def error_response(error: XAPIError) -> HttpResponse:
    response = json_response(
        {"error": {"status": error.status, "message": error.message}}, error.status
    )
    if error.status == 401:
        response["WWW-Authenticate"] = 'Basic realm="xAPI"'
    return response


def _read_body(request, limit: int) -> bytes:
    length = request.META.get("CONTENT_LENGTH") or ""
    if length.isdigit() and int(length) > limit:
        raise TooLarge(
            f"the request body is {int(length):,} bytes; this LRS accepts at most {limit:,}"
        )
    body = request.read(limit + 1)
    if len(body) > limit:
        raise TooLarge(f"the request body is over {limit:,} bytes, the most this LRS accepts")
    return body


def _build(request, resource: str, *, body_limit: int) -> XAPIRequest:
    headers = {k.lower(): v for k, v in request.headers.items()}
    params = dict(request.GET.items())
    method = request.method
    if len(request.GET.getlist("method")) > 1:
        raise Invalid("method", "the method parameter is given twice")
    if "method" in params:
        return _alternate(request, resource, headers, params, body_limit=body_limit)
    return XAPIRequest(method=method, resource=resource, params=params, headers=headers,
                       body=_read_body(request, body_limit) if method in ("PUT", "POST") else b"")  # fmt: skip


def _alternate(request, resource, headers, params, *, body_limit) -> XAPIRequest:
    """xAPI 1.0.3's Alternate Request Syntax: POST ?method=X with headers and content as form fields."""
    method = params.pop("method").upper()
    if request.method != "POST":
        raise Invalid("method", "the alternate request syntax must be sent as a POST")
    if params:
        raise Invalid(
            "query", "the alternate request syntax allows only 'method' in the query string"
        )
    if method not in ALTERNATE_METHODS:
        raise Invalid("method", f"{method!r} is not an HTTP method the LRS serves")
    if not headers.get("content-type", "").lower().startswith("application/x-www-form-urlencoded"):
        raise Invalid(
            "Content-Type", "the alternate request syntax needs application/x-www-form-urlencoded"
        )
    raw = _read_body(request, body_limit)
    try:
        form = parse_qsl(raw.decode("utf-8"), keep_blank_values=True, strict_parsing=bool(raw))
    except (UnicodeDecodeError, ValueError):
        raise Invalid(
            "body", "the alternate request syntax's form is not URL-encoded UTF-8"
        ) from None
    new_headers = {k: v for k, v in headers.items() if k not in ("content-type", "content-length")}
    new_params, body = {}, b""
    for name, value in form:
        lowered = name.lower()
        if lowered in FORM_HEADERS:
            new_headers[lowered] = value
        elif name == "content":
            body = value.encode("utf-8")
        else:
            new_params[name] = value
    if method in ("PUT", "POST") and "content" not in dict(form) and resource != "statements-get":
        if method == "PUT":
            raise Invalid(
                "content", "an alternate-syntax PUT needs its body in the 'content' form field"
            )
    return XAPIRequest(method=method, resource=resource, params=new_params, headers=new_headers,
                       body=body, alternate=True)  # fmt: skip


def _version(xreq: XAPIRequest) -> str:
    given = xreq.headers.get("x-experience-api-version")
    if not given:
        raise Invalid("X-Experience-API-Version", "the header is required")
    for version, pattern in VERSIONS.items():
        if pattern.fullmatch(given.strip()):
            return version
    raise Invalid(
        "X-Experience-API-Version", f"{given!r} is not a version this LRS speaks (1.0.x, 2.0.x)"
    )


def _authenticate(xreq: XAPIRequest) -> LearningPlatform:
    header = xreq.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "basic" or not value:
        raise XAPIError(
            "HTTP Basic authentication with a learning platform's key and secret is required", 401
        )
    try:
        key, _, secret = (
            base64.b64decode(value.strip(), validate=True).decode("utf-8").partition(":")
        )
    except (binascii.Error, UnicodeDecodeError):
        raise XAPIError("the Authorization header is not valid HTTP Basic", 401) from None
    platform = platform_authenticate(key, secret)
    if platform is None:
        raise XAPIError("unknown or revoked learning platform credentials", 401)
    return platform


class Endpoint:
    """A view serving one xAPI resource. ``handlers`` maps HTTP methods to functions taking an
    XAPIRequest (HEAD is GET without a body)."""

    # Authenticated by learning-platform credentials (HTTP Basic), never by a user session.
    authz_level = Level.PUBLIC
    csrf_exempt = True  # what django.views.decorators.csrf.csrf_exempt sets on a view

    def __init__(self, resource: str, handlers: dict[str, Callable[[XAPIRequest], HttpResponse]], *,
                 authenticated: bool, body_limit: int | None, consistent_through: bool) -> None:  # fmt: skip
        self.xapi_resource = resource
        self.handlers = handlers
        self.authenticated = authenticated
        self.body_limit = body_limit
        self.consistent_through = consistent_through

    def __call__(self, request: HttpRequest) -> HttpResponse:
        resource, handlers = self.xapi_resource, self.handlers
        xreq = None
        try:
            xreq = _build(
                request, resource, body_limit=self.body_limit or settings.LRS_MAX_BODY_BYTES
            )
            if xreq.alternate:
                version = xreq.headers.get("x-experience-api-version", "")
                if VERSIONS["2.0.0"].fullmatch(version.strip()):
                    raise Invalid("method", "xAPI 2.0 has no alternate request syntax")
            given = xreq.headers.get("x-experience-api-version", "").strip()
            xreq.version = "1.0.3" if VERSIONS["1.0.3"].fullmatch(given) else "2.0.0"
            method = "GET" if xreq.method == "HEAD" else xreq.method
            handler = handlers.get(method)
            if handler is None:
                response = HttpResponse(status=405)
                response["Allow"] = ", ".join(
                    sorted({*handlers, "HEAD"} if "GET" in handlers else handlers)
                )
            else:
                if self.authenticated:
                    xreq.platform = _authenticate(xreq)
                    if not any(pattern.fullmatch(given) for pattern in VERSIONS.values()):
                        # No version we speak named: answer in the one this platform last spoke.
                        xreq.version = xreq.platform.xapi_version
                    xreq.version = _version(xreq)
                response = handler(xreq)
        except XAPIError as error:
            response = error_response(error)
            if xreq is not None and xreq.platform is not None:
                platform_note_reject(platform=xreq.platform, method=xreq.method, resource=resource,
                                     status=error.status, reason=error.message)  # fmt: skip
        response["X-Experience-API-Version"] = xreq.version if xreq else "2.0.0"
        if self.consistent_through:
            from ..services.statements import consistent_through as through
            from ..xapi.formats import format_timestamp

            response["X-Experience-API-Consistent-Through"] = format_timestamp(through())
        response.setdefault("Date", http_date())
        response["Cache-Control"] = "no-store"
        if request.method == "HEAD" or (xreq is not None and xreq.method == "HEAD"):
            response.content = b""
        return response


def endpoint(resource: str, handlers: dict, *, authenticated: bool = True, body_limit: int | None = None,
             consistent_through: bool = False) -> Endpoint:  # fmt: skip
    """A view serving one xAPI resource (see :class:`Endpoint`)."""
    return Endpoint(resource, handlers, authenticated=authenticated, body_limit=body_limit,
                    consistent_through=consistent_through)  # fmt: skip
