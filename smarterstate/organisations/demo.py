"""Demo organisations and one user per persona, for `make run` and manual testing."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from .models import Membership, Organisation, OrganisationType

T = OrganisationType
ORGANISATIONS = [
    # name, slug, type, parent slug
    ("Cabinet Office", "cabinet-office", T.MINISTERIAL_DEPARTMENT, None),
    ("Crown Commercial Service", "crown-commercial-service", T.EXECUTIVE_AGENCY, "cabinet-office"),
    (
        "Department for Science, Innovation and Technology",
        "department-for-science-innovation-and-technology",
        T.MINISTERIAL_DEPARTMENT,
        None,
    ),
    (
        "Government Digital Service",
        "government-digital-service",
        T.OTHER,
        "department-for-science-innovation-and-technology",
    ),
    (
        "Department for Work and Pensions",
        "department-for-work-pensions",
        T.MINISTERIAL_DEPARTMENT,
        None,
    ),
    ("HM Revenue & Customs", "hm-revenue-customs", T.NON_MINISTERIAL_DEPARTMENT, None),
    (
        "Valuation Office Agency",
        "valuation-office-agency",
        T.EXECUTIVE_AGENCY,
        "hm-revenue-customs",
    ),
    (
        "Department for Business and Trade",
        "department-for-business-and-trade",
        T.MINISTERIAL_DEPARTMENT,
        None,
    ),
    ("Companies House", "companies-house", T.EXECUTIVE_AGENCY, "department-for-business-and-trade"),
    ("Bristol City Council", "bristol-city-council", T.LOCAL_AUTHORITY, None),
    ("NHS England", "nhs-england", T.NHS_BODY, None),
]

# username, full name, password, flags, memberships (org slug, role)
PERSONAS = [
    ("platform-admin", "Pat Admin", "capacity-to-innovate-46", {"is_superuser": True}, []),
    (
        "central-analyst",
        "Cass Analyst",
        "one-big-thing-started-45",
        {"is_central_analyst": True},
        [],
    ),
    (
        "dwp-admin",
        "Dana Admin",
        "crunch-point-radar-41",
        {},
        [("department-for-work-pensions", "admin")],
    ),
    (
        "dwp-editor",
        "Eddie Editor",
        "fail-fast-reinvest-42",
        {},
        [("department-for-work-pensions", "editor")],
    ),
    (
        "dwp-viewer",
        "Vic Viewer",
        "buy-pipelines-not-43",
        {},
        [("department-for-work-pensions", "viewer")],
    ),
    (
        "hmrc-editor",
        "Hana Editor",
        "open-contracting-data-44",
        {},
        [("hm-revenue-customs", "editor")],
    ),
    (
        "portfolio-lead",
        "Priya Lead",
        "outcomes-not-outputs-47",
        {},
        [
            ("department-for-science-innovation-and-technology", "editor"),
            ("government-digital-service", "viewer"),
            ("cabinet-office", "viewer"),
        ],
    ),
]


def seed(stdout=None) -> list[tuple[str, str, str]]:
    """Create or refresh the demo organisations and users; returns (username, password, role)."""
    by_slug: dict[str, Organisation] = {}
    for name, slug, org_type, parent_slug in ORGANISATIONS:
        org, _ = Organisation.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "organisation_type": org_type,
                "parent": by_slug.get(parent_slug),
            },
        )
        by_slug[slug] = org
    User = get_user_model()
    for username, full_name, password, flags, memberships in PERSONAS:
        first, last = full_name.split(" ", 1)
        user, _ = User.objects.get_or_create(username=username)
        user.first_name, user.last_name = first, last
        user.email = f"{username}@example.gov.uk"
        user.is_superuser = flags.get("is_superuser", False)
        user.is_staff = user.is_superuser
        user.is_central_analyst = flags.get("is_central_analyst", False)
        # Demo passwords are public: seed_demo refuses to run in production (see the command).
        user.set_password(password)
        user.save()
        for slug, role in memberships:
            Membership.objects.update_or_create(
                user=user, organisation=by_slug[slug], defaults={"role": role}
            )
    return persona_logins()


def persona_logins() -> list[tuple[str, str, str]]:
    """(username, password, what they can do) for each demo persona."""
    names = {slug: name for name, slug, _type, _parent in ORGANISATIONS}
    logins = []
    for username, _full_name, password, flags, memberships in PERSONAS:
        if flags.get("is_superuser"):
            describe = "platform administrator (superuser)"
        elif flags.get("is_central_analyst"):
            describe = "central analyst: reads every organisation, changes none"
        else:
            describe = "; ".join(f"{role} of {names[slug]}" for slug, role in memberships)
        logins.append((username, password, describe))
    return logins
