"""The OpenAPI document is valid, and no generated request makes the API fail.

Schemathesis reads /api/v1/schema/ from the WSGI application and sends each
operation generated requests (valid and invalid), signed in with a token as
organisation A's admin and as a superuser. Every example runs in a savepoint
that is rolled back, so one example's writes never reach the next; a hook
swaps some generated slugs, ids and usernames for real ones, so requests get
past "not found" into the code that authorizes and changes things.
"""

from __future__ import annotations

import json
from io import StringIO

import jsonschema
import pytest
import schemathesis
import yaml
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from drf_spectacular.validation import validate_schema
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.pillar_plugins import hooks, merged

SCHEMA_URL = "/api/v1/schema/"

schema = schemathesis.openapi.from_wsgi(SCHEMA_URL, get_wsgi_application())

# Real values for the running test, filled by the ``fuzz_world`` fixture and
# read by the hooks below while examples are drawn.
KNOWN: dict[str, list] = {}
# Which of them may stand in for a path parameter (by path) or a body field.
PATH_KEYS = merged("FUZZ_PATH_KEYS")
BODY_KEYS = merged("FUZZ_BODY_KEYS")


def _maybe_known(key: str, value):
    options = KNOWN.get(key)
    if not options:
        return st.just(value)
    return st.one_of(st.just(value), st.sampled_from(options))


@schema.hook("flatmap_path_parameters")
def use_real_ids(context, path_parameters):
    if not isinstance(path_parameters, dict) or context.operation is None:
        return st.just(path_parameters)
    path = context.operation.path
    key = next(
        (key for prefix, key in PATH_KEYS.items() if path.startswith(prefix)),
        None,
    )
    name = "slug" if "{slug}" in path else "id"
    if key is None or name not in path_parameters:
        return st.just(path_parameters)
    return _maybe_known(key, path_parameters[name]).map(
        lambda value: {**path_parameters, name: value}
    )


@schema.hook("flatmap_body")
def use_real_references(context, body):
    if not isinstance(body, dict):
        return st.just(body)
    swaps = {
        field: _maybe_known(BODY_KEYS[field], value)
        for field, value in body.items()
        if field in BODY_KEYS
    }
    if not swaps:
        return st.just(body)
    return st.fixed_dictionaries(swaps).map(lambda swapped: {**body, **swapped})


@pytest.fixture
def same_connection_for_requests():
    """Keep the test's transaction across WSGI requests.

    Django closes "old" connections when a request starts and finishes, which
    would end the test's transaction; its own test client suspends that the same way.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def fuzz_world(
    same_connection_for_requests, org_a, org_b, admin_a, editor_a, viewer_a, editor_b, analyst
):
    KNOWN.clear()
    users = {"admin_a": admin_a, "editor_a": editor_a, "viewer_a": viewer_a}
    users |= {"editor_b": editor_b, "analyst": analyst}
    for fuzz_known in hooks("fuzz_known"):
        KNOWN.update(fuzz_known(org_a=org_a, org_b=org_b, users=users))
    yield
    KNOWN.clear()


@pytest.fixture(params=["admin_a", "superuser"])
def api_token(request, fuzz_world):
    user = request.getfixturevalue(request.param)
    return Token.objects.create(user=user).key


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_no_request_makes_the_api_fail(case, api_token):
    with transaction.atomic():
        response = case.call(headers={"Authorization": f"Token {api_token}"})
        transaction.set_rollback(True)
    case.validate_response(
        response,
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_schema_conformance,
        ],
    )


# --- The document itself ------------------------------------------------------------------

OPERATIONS = merged("API_OPERATIONS")


@pytest.mark.parametrize(
    ("query", "media_type", "load"),
    [
        ("", "application/vnd.oai.openapi", yaml.safe_load),
        ("?format=json", "application/vnd.oai.openapi+json", json.loads),
    ],
)
def test_the_schema_is_a_valid_openapi_3_document(db, query, media_type, load):
    response = APIClient().get(SCHEMA_URL + query)  # public: no sign-in needed

    assert response.status_code == 200
    assert response["Content-Type"].split(";")[0] == media_type
    document = load(response.content)
    validate_schema(document)  # drf-spectacular's OpenAPI 3 JSON Schema; raises if invalid
    assert document["openapi"].startswith("3.")
    assert document["info"]["title"] == "Smarter State API"
    assert {path: set(ops) for path, ops in document["paths"].items()} == OPERATIONS
    assert set(document["components"]["securitySchemes"]) == {"tokenAuth", "cookieAuth"}


def test_the_validator_rejects_a_broken_document():
    with pytest.raises(jsonschema.ValidationError, match="paths"):
        validate_schema({"openapi": "3.0.3", "info": {"title": "x", "version": "1"}})


def test_every_operation_documents_its_errors(db):
    document = yaml.safe_load(APIClient().get(SCHEMA_URL).content)

    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            assert {"400", "401", "403", "404"} <= set(responses), (method, path)
            if method in ("post", "put", "patch"):
                assert "415" in responses, (method, path)
            for code in ("400", "401", "403", "404"):
                schema_ref = responses[code]["content"]["application/json"]["schema"]
                assert schema_ref == {"$ref": "#/components/schemas/Error"}, (method, path)
    error = document["components"]["schemas"]["Error"]
    assert error["required"] == ["detail", "errors"]


def test_membership_patch_documents_what_it_returns(db):
    document = yaml.safe_load(APIClient().get(SCHEMA_URL).content)
    patch = document["paths"]["/api/v1/memberships/{id}/"]["patch"]

    assert patch["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Membership"
    }
    body = document["components"]["schemas"]["Job"]["properties"]
    assert body["organisation"]["nullable"] is True
    assert body["created_by"]["nullable"] is True


def test_spectacular_generates_the_schema_without_warnings(tmp_path):
    target = tmp_path / "schema.yml"
    err = StringIO()

    # --fail-on-warn raises (SchemaGenerationError) on any warning or error.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target), stderr=err)

    document = yaml.safe_load(target.read_text())
    validate_schema(document)
    assert set(document["paths"]) == set(OPERATIONS)
    assert "Warning" not in err.getvalue() and "Error" not in err.getvalue()
