"""Pieces the commercial API modules share: published data's permission, query validation."""

from __future__ import annotations
