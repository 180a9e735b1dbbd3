"""Signed statements (xAPI Data 2.6): a JWS in an attachment, checked with joserfc.

The LRS must reject malformed signatures: the JWS must decode, use RS256/384/512, carry the
statement as its payload (logically equal to the statement received, less the signature
attachment), and verify against the X.509 certificate in its ``x5c`` header when there is one.
"""

from __future__ import annotations

import base64

import orjson
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from joserfc import jws
from joserfc.errors import JoseError
from joserfc.jwk import RSAKey

from .errors import Invalid
from .statements import same_statement
from .validation import SIGNATURE_USAGE

ALGORITHMS = ("RS256", "RS384", "RS512")


def signature_attachments(statement: dict) -> list[dict]:
    return [a for a in statement.get("attachments", ()) if a.get("usageType") == SIGNATURE_USAGE]


def check_signature(statement: dict, token: bytes, path: str) -> None:
    try:
        compact = jws.extract_compact(token.strip())
    except (JoseError, ValueError, UnicodeDecodeError) as exc:
        raise Invalid(
            path, f"the signature is not a JWS in compact serialization ({exc})"
        ) from None
    header = compact.headers()
    algorithm = header.get("alg")
    if algorithm not in ALGORITHMS:
        raise Invalid(
            path, f"the signature's algorithm must be RS256, RS384 or RS512, not {algorithm!r}"
        )
    try:
        signed = orjson.loads(compact.payload)
    except orjson.JSONDecodeError:
        raise Invalid(path, "the signature's payload is not a JSON statement") from None
    if not isinstance(signed, dict):
        raise Invalid(path, "the signature's payload is not a statement")
    received = dict(statement)
    received["attachments"] = [
        a for a in statement.get("attachments", ()) if a.get("usageType") != SIGNATURE_USAGE
    ]
    if not received["attachments"]:
        received.pop("attachments")
    if "id" not in signed:
        received.pop("id", None)
    if not same_statement(signed, received):
        raise Invalid(
            path, "the signed statement (the JWS payload) differs from the statement received"
        )
    chain = header.get("x5c")
    if chain:
        try:
            certificate = x509.load_der_x509_certificate(base64.b64decode(chain[0]))
            pem = certificate.public_key().public_bytes(
                serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
            )
            jws.deserialize_compact(token.strip(), RSAKey.import_key(pem), algorithms=[algorithm])
        except (JoseError, ValueError, TypeError, IndexError) as exc:
            raise Invalid(
                path, f"the signature does not verify against its x5c certificate ({exc})"
            ) from None
