"""The array literals the PostgreSQL writer sends in place of lists."""

from __future__ import annotations

import pytest
from django.db import connection

from smarterstate.learningrecords.services.writer import text_array

pytestmark = pytest.mark.django_db

AWKWARD = ["http://example.com/a,b", 'quote"d', "back\\slash", "{brace}", "NULL", "", "spa ce", "é"]


def test_text_array_literals_carry_any_string_unchanged():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL array literals")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT %s::text[], %s::bigint[]", [text_array(AWKWARD), text_array([3, 1, 2])]
        )
        texts, numbers = cursor.fetchone()
    assert texts == AWKWARD
    assert numbers == [3, 1, 2]
