"""A test client for the xAPI endpoint: HTTP Basic as a learning platform, the version header set."""

from __future__ import annotations

import base64
import uuid
from urllib.parse import urlencode

import orjson
from django.test import Client

from smarterstate.learningrecords.services.platforms import platform_register


class XAPIClient:
    def __init__(self, organisation, name: str = "Test LMS", version: str = "2.0.0"):
        self.credentials = platform_register(organisation=organisation, name=name)
        self.platform = self.credentials.platform
        self.version = version
        self.client = Client()

    def headers(self, **extra) -> dict:
        token = base64.b64encode(
            f"{self.credentials.key}:{self.credentials.secret}".encode()
        ).decode()
        headers = {"HTTP_AUTHORIZATION": f"Basic {token}"}
        if self.version:
            headers["HTTP_X_EXPERIENCE_API_VERSION"] = self.version
        headers.update(extra)
        return headers

    def request(self, method: str, resource: str, params: dict | None = None, body=None,
                content_type: str = "application/json", **headers):  # fmt: skip
        url = f"/xapi/{resource}" + (f"?{urlencode(params)}" if params else "")
        data = (
            orjson.dumps(body)
            if body is not None and not isinstance(body, bytes)
            else (body or b"")
        )
        return self.client.generic(
            method, url, data=data, content_type=content_type, **self.headers(**headers)
        )

    def post(self, statements, **kw):
        return self.request("POST", "statements", body=statements, **kw)

    def put(self, statement, statement_id, **kw):
        return self.request(
            "PUT", "statements", {"statementId": statement_id}, body=statement, **kw
        )

    def get(self, resource: str = "statements", params: dict | None = None, **kw):
        return self.request("GET", resource, params, **kw)


def statement(actor: str = "learner@example.com", verb: str = "http://adlnet.gov/expapi/verbs/completed",
              activity: str = "https://courses.example.com/data-101", **extra) -> dict:  # fmt: skip
    result = {
        "id": str(uuid.uuid4()),
        "actor": {"objectType": "Agent", "mbox": f"mailto:{actor}"},
        "verb": {"id": verb, "display": {"en-GB": verb.rsplit("/", 1)[-1]}},
        "object": {"objectType": "Activity", "id": activity},
    }
    result.update(extra)
    return result


def account(name: str, home: str = "https://lms.example.com") -> dict:
    return {"objectType": "Agent", "account": {"homePage": home, "name": name}}
