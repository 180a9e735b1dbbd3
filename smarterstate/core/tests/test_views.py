"""The health check and the API guide (core/views.py). Home is tested with organisations."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.utils import OperationalError


@pytest.mark.django_db
def test_healthz_says_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


@pytest.mark.django_db
def test_healthz_says_503_when_the_database_is_unreachable(client, monkeypatch):
    def unreachable(*args, **kwargs):
        raise OperationalError("connection refused")

    with monkeypatch.context() as patched:  # undone before the test database is torn down
        patched.setattr(connection, "cursor", unreachable)
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unreachable"}


@pytest.mark.django_db
def test_healthz_needs_no_sign_in_and_answers_head(client):
    assert client.get("/healthz").status_code == 200
    assert client.head("/healthz").status_code == 200


def test_api_guide_explains_how_to_get_a_token(client, viewer_a):
    client.force_login(viewer_a)
    response = client.get("/api/")
    assert response.status_code == 200
    assert "create_api_token" in response.content.decode()


def test_unknown_pages_get_the_service_404_page(client, viewer_a):
    client.force_login(viewer_a)
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_refusals_say_what_access_is_needed(client, org_a, viewer_a):
    client.force_login(viewer_a)
    response = client.get(f"/o/{org_a.slug}/members/add/")
    assert response.status_code == 403
    assert "You need admin access to Department for Work and Pensions." in (
        response.content.decode()
    )


def test_the_500_page_renders_even_when_the_database_is_down(viewer_a, rf, monkeypatch):
    from smarterstate.core.errors import server_error

    def unreachable(*args, **kwargs):
        raise OperationalError("connection refused")

    request = rf.get("/o/x/")
    request.user = viewer_a  # the navigation would look up their organisations
    request.session = {}
    with monkeypatch.context() as patched:  # undone before the test database is torn down
        patched.setattr(connection, "cursor", unreachable)
        response = server_error(request)

    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()


def test_unknown_api_paths_answer_json_404(client, db):
    response = client.get("/api/v1/no-such-endpoint/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found.", "errors": {}}
