"""Learning platforms: register (key and secret shown once), revoke, authenticate."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from ..models import LearningPlatform, PlatformReject

REJECT_REASON_LIMIT = 2000


@dataclass(frozen=True)
class Credentials:
    platform: LearningPlatform
    key: str
    secret: str


def _secret() -> str:
    """A URL-safe secret that does not start with "-": command-line tools (curl's -u, the ADL
    conformance runner's -p) read a leading dash as an option, about one secret in 64."""
    while (secret := secrets.token_urlsafe(32)).startswith("-"):
        pass
    return secret


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def platform_register(*, organisation, name: str, description: str = "", user=None) -> Credentials:
    """Create a platform with fresh credentials. The secret is returned here and never again."""
    key = secrets.token_hex(16)
    secret = _secret()
    platform = LearningPlatform(organisation=organisation, name=name, description=description,
                                key=key, secret_hash=_hash(secret), created_by=user)  # fmt: skip
    platform.full_clean()
    platform.save()
    return Credentials(platform=platform, key=key, secret=secret)


@transaction.atomic
def platform_revoke(*, platform: LearningPlatform, user=None) -> LearningPlatform:
    if platform.revoked_at is None:
        platform.revoked_at, platform.revoked_by = timezone.now(), user
        platform.save(update_fields=["revoked_at", "revoked_by"])
    return platform


def platform_authenticate(key: str, secret: str) -> LearningPlatform | None:
    """The active platform with these credentials, or None. Compares hashes in constant time."""
    platform = (
        LearningPlatform.objects.active().select_related("organisation").filter(key=key).first()
    )
    if platform is None or not hmac.compare_digest(platform.secret_hash, _hash(secret)):
        return None
    return platform


def platform_authority(platform: LearningPlatform) -> dict:
    """The authority the LRS writes on the platform's statements."""
    return {
        "objectType": "Agent",
        "name": platform.name,
        "account": {
            "homePage": f"{settings.SITE_URL.rstrip('/')}/xapi/platforms",
            "name": platform.key,
        },
    }


def platform_note_statements(*, platform: LearningPlatform, count: int, version: str) -> None:
    """Count stored statements and mark the platform seen: the store's last write before its
    commit, so concurrent requests do not queue on the platform's row while they insert."""
    LearningPlatform.objects.filter(pk=platform.pk).update(
        statements_received=F("statements_received") + count,
        last_seen_at=timezone.now(),
        xapi_version=version,
    )


def platform_note_reject(*, platform: LearningPlatform, method: str, resource: str, status: int,
                         reason: str) -> None:  # fmt: skip
    PlatformReject.objects.create(platform=platform, method=method[:10], resource=resource[:40],
                                  status=status, reason=reason[:REJECT_REASON_LIMIT])  # fmt: skip
    LearningPlatform.objects.filter(pk=platform.pk).update(
        requests_rejected=F("requests_rejected") + 1, last_seen_at=timezone.now()
    )
