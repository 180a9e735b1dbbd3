"""The one exception of the xAPI layer: an HTTP status and a message naming what is wrong and where."""

from __future__ import annotations


class XAPIError(Exception):
    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.message = message
        self.status = status


class Invalid(XAPIError):
    """A statement or parameter breaks the specification: always 400 Bad Request."""

    def __init__(self, path: str, message: str):
        super().__init__(f"{path}: {message}" if path else message, 400)
        self.path = path


class Conflict(XAPIError):
    def __init__(self, message: str):
        super().__init__(message, 409)


class PreconditionFailed(XAPIError):
    def __init__(self, message: str):
        super().__init__(message, 412)


class TooLarge(XAPIError):
    def __init__(self, message: str):
        super().__init__(message, 413)
