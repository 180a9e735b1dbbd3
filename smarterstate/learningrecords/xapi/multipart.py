"""multipart/mixed request bodies: a statement (or batch) part, then attachment parts.

Hand-written (RFC 2046 §5.1.1 splitting, ~40 lines) because the libraries do other things: the
``multipart`` package reads multipart/form-data only, and the standard library's e-mail
parser treats parts as mail (it may re-encode text parts and fold header lines), where the
specification asks for the exact bytes whose SHA-2 the statement names.
"""

from __future__ import annotations

import hashlib
import re

from .errors import Invalid

_BOUNDARY = re.compile(r'boundary=(?:"([^"]+)"|([^;\s]+))', re.IGNORECASE)
HASH_HEADER = "x-experience-api-hash"


def boundary_of(content_type: str) -> bytes:
    match = _BOUNDARY.search(content_type)
    if not match:
        raise Invalid("Content-Type", "multipart/mixed needs a boundary parameter")
    return (match[1] or match[2]).encode()


def split_parts(body: bytes, content_type: str) -> list[tuple[dict[str, str], bytes]]:
    """(headers with lower-case names, content) for each part, in order."""
    delimiter = b"--" + boundary_of(content_type)
    if delimiter not in body:
        raise Invalid("body", "the multipart body does not contain its boundary")
    sections = body.split(delimiter)
    parts = []
    for section in sections[1:]:
        if section.startswith(b"--"):
            break  # the closing delimiter
        if section.startswith(b"\r\n"):
            section = section[2:]
        elif section.startswith(b"\n"):
            section = section[1:]
        head, separator, content = section.partition(b"\r\n\r\n")
        if not separator:
            head, separator, content = section.partition(b"\n\n")
            if not separator:
                raise Invalid("body", "a multipart part has no blank line after its headers")
        if content.endswith(b"\r\n"):
            content = content[:-2]
        elif content.endswith(b"\n"):
            content = content[:-1]
        headers = {}
        for line in head.decode("latin-1").splitlines():
            name, colon, value = line.partition(":")
            if not colon:
                raise Invalid("body", f"malformed part header {line[:80]!r}")
            headers[name.strip().lower()] = value.strip()
        parts.append((headers, content))
    else:
        raise Invalid("body", "the multipart body has no closing boundary")
    return parts


def statement_and_attachments(
    body: bytes, content_type: str
) -> tuple[bytes, dict[str, tuple[str, bytes]]]:
    """The JSON part and the attachments by SHA-2 (checked against their content)."""
    parts = split_parts(body, content_type)
    if not parts:
        raise Invalid("body", "the multipart body has no parts")
    first_headers, statements = parts[0]
    if not first_headers.get("content-type", "").lower().startswith("application/json"):
        raise Invalid(
            "body", "the first part of a multipart/mixed request must be application/json"
        )
    attachments: dict[str, tuple[str, bytes]] = {}
    for index, (headers, content) in enumerate(parts[1:], start=1):
        declared = headers.get(HASH_HEADER)
        if not declared:
            raise Invalid(
                f"part {index + 1}", "an attachment part needs an X-Experience-API-Hash header"
            )
        if headers.get("content-transfer-encoding", "").lower() != "binary":
            raise Invalid(
                f"part {index + 1}", "an attachment part needs Content-Transfer-Encoding: binary"
            )
        declared = declared.lower()
        algorithm = {56: "sha224", 64: "sha256", 96: "sha384", 128: "sha512"}.get(len(declared))
        if algorithm is None or hashlib.new(algorithm, content).hexdigest() != declared:
            raise Invalid(
                f"part {index + 1}",
                "the attachment's content does not match its X-Experience-API-Hash",
            )
        attachments[declared] = (headers.get("content-type", "application/octet-stream"), content)
    return statements, attachments


def build_mixed(json_body: bytes, attachments: list[tuple[str, str, bytes]]) -> tuple[bytes, str]:
    """A multipart/mixed response: the JSON, then (sha2, content type, content) parts."""
    boundary = hashlib.sha1(json_body).hexdigest()  # noqa: S324 - a boundary, not security
    chunks = [
        f"--{boundary}\r\nContent-Type: application/json\r\n\r\n".encode(),
        json_body,
        b"\r\n",
    ]
    for sha2, content_type, content in attachments:
        chunks.append(
            f"--{boundary}\r\nContent-Type: {content_type}\r\nContent-Transfer-Encoding: binary\r\n"
            f"X-Experience-API-Hash: {sha2}\r\n\r\n".encode()
        )
        chunks += [content, b"\r\n"]
    chunks.append(f"--{boundary}--\r\n".encode())
    return b"".join(chunks), f'multipart/mixed; boundary="{boundary}"'
