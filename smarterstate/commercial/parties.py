"""Party keys and name normalisation: pure functions, no Django.

A party's key is ``SCHEME-ID`` when it has a scheme identifier (``GB-COH-01234567``),
else ``name:<normalised name>``. Many suppliers (most Contracts Finder and all
Sell2Wales parties) publish no identifier, so the name form is the common case and
must be stable: the same organisation spelled "ACME Ltd.", "Acme Limited" and
"ACME  LTD" gets one key.
"""

import re
import unicodedata
from collections.abc import Mapping
from typing import Any

# Legal-form words dropped from the end of a name, repeatedly ("Acme UK Holdings Ltd" keeps
# "holdings": only legal forms go). Kept short on purpose: every word here merges names.
LEGAL_SUFFIXES = frozenset(
    {
        "ltd",
        "limited",
        "plc",
        "llp",
        "llc",
        "inc",
        "incorporated",
        "cic",
        "cio",
        "lda",  # Portuguese limitada (Ld.ª, Lda.)
        "unipessoal",
    }
)

_NON_WORD = re.compile(r"[^\w\s]", re.UNICODE)
_SPACES = re.compile(r"\s+")
_GOVUK_ORG = re.compile(r"gov\.uk/government/organisations/([a-z0-9-]+)", re.IGNORECASE)


def normalise_name(name: str | None) -> str:
    """Casefold, strip accents and punctuation, "&" → "and", squeeze spaces, drop legal forms.

    >>> normalise_name("  ACME (UK) Ltd. ")
    'acme uk'
    >>> normalise_name("Ricardo Vale & Teixeira, Ld.ª")
    'ricardo vale and teixeira'
    """
    if not name:
        return ""
    text = unicodedata.normalize("NFKD", str(name))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = text.replace("&", " and ").replace("_", " ")
    # "ld.ª" → "lda" before punctuation goes, so it is recognised as a legal form.
    text = re.sub(r"\bld\.?\s*a\b", "lda", text)
    text = _SPACES.sub(" ", _NON_WORD.sub(" ", text)).strip()
    words = text.split(" ") if text else []
    while len(words) > 1 and words[-1] in LEGAL_SUFFIXES:
        words.pop()
    if words and words[0] == "the" and len(words) > 1:
        words = words[1:]
    return " ".join(words)


def _scheme_id(identifier: Any) -> tuple[str, str] | None:
    if not isinstance(identifier, Mapping):
        return None
    scheme = str(identifier.get("scheme") or "").strip()
    ident = str(identifier.get("id") or "").strip()
    if scheme and ident:
        return scheme, ident
    return None


def party_identity(party: Mapping[str, Any]) -> tuple[str, str, str]:
    """``(key, scheme, identifier)`` for an OCDS party (or an organisation reference).

    ``identifier`` wins, then the first complete ``additionalIdentifiers`` entry, then
    the normalised name. An identifier whose id already starts with its scheme
    (``GB-COH`` / ``GB-COH-0123``) is not prefixed twice.
    """
    found = _scheme_id(party.get("identifier"))
    if found is None:
        for extra in party.get("additionalIdentifiers") or []:
            found = _scheme_id(extra)
            if found:
                break
    if found is not None:
        scheme, ident = found
        key = ident if ident.upper().startswith(scheme.upper() + "-") else f"{scheme}-{ident}"
        return key[:300], scheme[:50], ident[:200]
    name = party.get("name") or (party.get("identifier") or {}).get("legalName") or ""
    normalised = normalise_name(name) or str(party.get("id") or "").strip().casefold()
    return f"name:{normalised}"[:300], "", ""


def party_key(party: Mapping[str, Any]) -> str:
    return party_identity(party)[0]


def govuk_slug(party: Mapping[str, Any]) -> str | None:
    """The GOV.UK organisation slug a party links to (``details.url`` or ``identifier.uri``), if any.

    Contracts Finder buyers often give ``http://www.gov.uk/government/organisations/<slug>``:
    the same slug the platform's organisations carry, so it is an identifier match.
    """
    candidates = [
        (party.get("details") or {}).get("url")
        if isinstance(party.get("details"), Mapping)
        else None,
        (party.get("identifier") or {}).get("uri")
        if isinstance(party.get("identifier"), Mapping)
        else None,
        (party.get("contactPoint") or {}).get("url")
        if isinstance(party.get("contactPoint"), Mapping)
        else None,
    ]
    for url in candidates:
        if isinstance(url, str):
            match = _GOVUK_ORG.search(url)
            if match:
                return match.group(1).casefold()
    return None


def scale_flags(party: Mapping[str, Any]) -> tuple[bool | None, bool | None]:
    """``(is_sme, is_vcse)`` from ``details.scale`` ('sme'/'micro'/'small'/'medium' vs 'large') and ``details.vcse``."""
    details = party.get("details")
    if not isinstance(details, Mapping):
        return None, None
    scale = details.get("scale")
    is_sme: bool | None = None
    if isinstance(scale, str) and scale.strip():
        is_sme = scale.strip().casefold() in {"sme", "micro", "small", "medium"}
    vcse = details.get("vcse")
    is_vcse = vcse if isinstance(vcse, bool) else None
    return is_sme, is_vcse
