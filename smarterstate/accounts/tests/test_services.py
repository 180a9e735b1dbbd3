"""Creating accounts (accounts/services.py): passwords must pass the validators."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from smarterstate.accounts.services import user_create

pytestmark = pytest.mark.django_db


def test_it_creates_a_user_with_a_hashed_password():
    user = user_create(
        username="new-person",
        password="a-long-unusual-passphrase",
        email="new@example.gov.uk",
        first_name="New",
        last_name="Person",
    )
    user.refresh_from_db()
    assert user.check_password("a-long-unusual-passphrase")
    assert user.password != "a-long-unusual-passphrase"
    assert str(user) == "New Person"
    assert not (user.is_superuser or user.is_staff or user.is_central_analyst)


def test_superusers_are_staff_too():
    user = user_create(username="root2", password="a-long-unusual-passphrase", is_superuser=True)
    assert user.is_staff and user.is_superuser


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Sh0rt-pw", "too short"),
        ("password1234", "too common"),
        ("839201748392017", "entirely numeric"),
        ("alexandra-smith", "too similar"),
    ],
)
def test_it_rejects_weak_passwords(password, message):
    with pytest.raises(ValidationError) as caught:
        user_create(username="alexandra-smith", password=password, first_name="Alexandra")
    assert any(message in text for text in caught.value.messages)
    assert not get_user_model().objects.exists()


def test_it_rejects_an_invalid_username():
    with pytest.raises(ValidationError) as caught:
        user_create(username="has spaces!", password="a-long-unusual-passphrase")
    assert "username" in caught.value.message_dict


def test_it_records_history_without_the_password():
    user = user_create(username="tracked", password="a-long-unusual-passphrase")
    record = user.history.get()
    assert record.username == "tracked"
    assert not hasattr(record, "password")
