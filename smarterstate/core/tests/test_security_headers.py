"""Every response carries a Content-Security-Policy with a fresh nonce, and a Permissions-Policy."""

import re

import pytest


def policy(response) -> str:
    return response.headers["Content-Security-Policy"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    ["/healthz", "/accounts/login/", "/api/v1/schema/", "/api/docs/", "/no-such-page/",
     "/api/v1/organisations/", "/static/js/init.js"],
)  # fmt: skip
def test_every_kind_of_response_has_the_headers(client, url):
    response = client.get(url)
    assert "script-src 'self' 'nonce-" in policy(response)
    assert "object-src 'none'" in policy(response)
    assert "frame-ancestors 'none'" in policy(response)
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert "unsafe-inline" not in policy(response)


@pytest.mark.django_db
def test_inline_scripts_carry_the_nonce_of_their_own_response(client):
    first, second = client.get("/accounts/login/"), client.get("/accounts/login/")
    nonces = []
    for response in (first, second):
        nonce = re.search(r"'nonce-([^']+)'", policy(response)).group(1)
        html = response.content.decode()
        inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
        assert inline and all(f'nonce="{nonce}"' in attrs for attrs in inline), inline
        nonces.append(nonce)
    assert nonces[0] != nonces[1] and len(nonces[0]) >= 22


@pytest.mark.django_db
def test_the_api_docs_inline_script_and_style_carry_the_nonce(client):
    response = client.get("/api/docs/")
    nonce = re.search(r"'nonce-([^']+)'", policy(response)).group(1)
    html = response.content.decode()
    assert f'<style nonce="{nonce}">' in html
    assert f'<script nonce="{nonce}">' in html
