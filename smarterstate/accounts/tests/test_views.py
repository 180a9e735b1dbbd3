"""Signing in and out, and django-axes locking out guessers."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY

from smarterstate.organisations.tests.factories import TEST_PASSWORD

LOGIN = "/accounts/login/"


def sign_in(client, username="viewer-a", password=TEST_PASSWORD, url=LOGIN):
    return client.post(url, {"username": username, "password": password})


def test_login_page_shows_the_form(client, db):
    response = client.get(LOGIN)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Sign in to Smarter State" in html
    assert 'autocomplete="username"' in html
    assert 'autocomplete="current-password"' in html


def test_signing_in_with_the_right_password_goes_home(client, org_a, viewer_a):
    response = sign_in(client)
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.session[SESSION_KEY] == str(viewer_a.pk)


def test_signing_in_follows_a_safe_next_and_ignores_another_site(client, org_a, viewer_a):
    assert sign_in(client, url=f"{LOGIN}?next=/jobs/")["Location"] == "/jobs/"
    client.logout()
    assert sign_in(client, url=f"{LOGIN}?next=https://evil.example/")["Location"] == "/"


def test_a_wrong_password_shows_an_error_and_signs_nobody_in(client, viewer_a):
    response = sign_in(client, password="wrong-password")
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()
    assert SESSION_KEY not in client.session


def test_a_signed_in_user_is_sent_on_from_the_login_page(client, org_a, viewer_a):
    client.force_login(viewer_a)
    assert client.get(LOGIN)["Location"] == "/"


@pytest.fixture
def failure_limit(settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    return settings.AXES_FAILURE_LIMIT


def test_repeated_wrong_passwords_lock_the_account_out(client, viewer_a, failure_limit):
    statuses = [
        sign_in(client, password=f"wrong-{n}").status_code for n in range(failure_limit - 1)
    ]
    assert statuses == [200] * (failure_limit - 1)

    locked = sign_in(client, password="wrong-again")

    assert locked.status_code == 429
    assert "Your account is locked" in locked.content.decode()
    # Even the right password is refused now.
    after = sign_in(client)
    assert after.status_code == 429
    assert SESSION_KEY not in client.session
    assert AccessAttempt.objects.get(username="viewer-a").failures_since_start >= failure_limit


def test_a_lockout_is_for_that_account_only(client, viewer_a, editor_a, failure_limit):
    for n in range(failure_limit):
        sign_in(client, password=f"wrong-{n}")
    response = sign_in(client, username="editor-a")
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(editor_a.pk)


def test_signing_in_resets_the_failure_count(client, org_a, viewer_a, failure_limit):
    for n in range(failure_limit - 1):
        sign_in(client, password=f"wrong-{n}")

    assert sign_in(client).status_code == 302
    client.post("/accounts/logout/")
    assert not AccessAttempt.objects.filter(username="viewer-a").exists()

    # A fresh allowance: the next failures do not lock at once.
    for n in range(failure_limit - 1):
        assert sign_in(client, password=f"again-{n}").status_code == 200
    assert sign_in(client).status_code == 302


def test_logout_is_post_only(client, org_a, viewer_a):
    client.force_login(viewer_a)

    assert client.get("/accounts/logout/").status_code == 405
    assert client.session[SESSION_KEY] == str(viewer_a.pk)

    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert response["Location"] == LOGIN
    assert SESSION_KEY not in client.session


def test_every_page_offers_a_sign_out_form_that_posts(client, org_a, viewer_a):
    client.force_login(viewer_a)
    html = client.get(f"/o/{org_a.slug}/").content.decode()
    assert '<form method="post" action="/accounts/logout/"' in html


def test_password_change_needs_the_old_password_and_a_strong_new_one(client, org_a, viewer_a):
    client.force_login(viewer_a)
    weak = client.post(
        "/accounts/password/",
        {"old_password": TEST_PASSWORD, "new_password1": "short", "new_password2": "short"},
    )
    assert "new_password2" in weak.context["form"].errors

    strong = "a-much-longer-passphrase-77"
    response = client.post(
        "/accounts/password/",
        {"old_password": TEST_PASSWORD, "new_password1": strong, "new_password2": strong},
    )
    assert response.status_code == 302
    viewer_a.refresh_from_db()
    assert viewer_a.check_password(strong)
