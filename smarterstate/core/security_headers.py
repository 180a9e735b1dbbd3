"""Content-Security-Policy with a fresh nonce per response, and Permissions-Policy, on every response.

A small middleware rather than a package (docs/decisions/0009-content-security-policy.md): the
policy is one fixed string, and Django 6's own CSP middleware offers the same
``request.csp_nonce``, so moving to it later is a deletion. It sits before WhiteNoise so that
static files, error pages and API responses carry the headers too.

Templates give every inline ``<script>`` and ``<style>`` ``nonce="{{ request.csp_nonce }}"``;
anything without the nonce does not run (the browser tests fail on any violation).
"""

from __future__ import annotations

import secrets

from django.conf import settings

# "'self'" only: GOV.UK Frontend, our JS and CSS, fonts and images are all served from here;
# charts are inline SVG without style attributes.
POLICY = (
    "default-src 'self'; "
    "script-src 'self' 'nonce-{nonce}'; "
    "style-src 'self' 'nonce-{nonce}'; "
    "img-src 'self' data:; "
    "font-src 'self'; "
    "connect-src 'self'; "
    "object-src 'none'; "
    "base-uri 'self'; "
    "form-action 'self'; "
    "frame-ancestors 'none'"
)
# Nothing here needs a device or a sensitive browser feature.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "usb",
        "xr-spatial-tracking",
    )
)


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        nonce = secrets.token_urlsafe(18)
        request.csp_nonce = nonce
        response = self.get_response(request)
        header = (
            "Content-Security-Policy-Report-Only"
            if getattr(settings, "CSP_REPORT_ONLY", False)
            else "Content-Security-Policy"
        )
        response.headers.setdefault(header, POLICY.format(nonce=nonce))
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
