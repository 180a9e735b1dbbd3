"""Placeholder pages for pillars that have not been built yet.

When a pillar's app lands it registers ``<pillar>:index`` and the service
navigation links there instead (core.context_processors.pillar_url).
"""

from django.shortcuts import render

from smarterstate.authz import Level
from smarterstate.authz.views import organisation_view

PILLAR_PURPOSES = {
    "outcomes": "Initiatives and pilots with measurable outcomes, phase gates and the reinvestment ledger.",
    "commercial": "How agile buying is and where the organisation is locked in, from OCDS procurement data.",
    "lifecycle": "The technology estate, vendor lifecycles, SBOMs, legacy risk and the end-of-life radar.",
    "skills": "Capability frameworks, workforce skills and gaps, and training campaigns.",
    "ai": "The AI use-case register, assessments and transparency records.",
    "capacity": "A cross-pillar scorecard and a radar of decisions falling due.",
}


def pillar_placeholder(pillar: str, title: str):
    @organisation_view(Level.READ)
    def view(request, org):
        return render(
            request,
            "pillars/not_available.html",
            {"page_title": title, "org": org, "purpose": PILLAR_PURPOSES[pillar]},
        )

    view.__name__ = f"{pillar}_placeholder"
    return view
