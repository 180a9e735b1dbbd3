"""A person's rights under UK GDPR, for the organisation's admins: erasure and the subject
access export (smarterstate.skills.services.privacy does the work; docs/privacy.md explains)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render

from smarterstate.authz import Level, get_in_organisation
from smarterstate.authz.views import organisation_view

from ..models import Person
from ..services.privacy import person_erase, person_export_record


def _person(org, person_pk: int) -> Person:
    return get_in_organisation(Person.objects.select_related("role_level"), org, pk=person_pk)


@organisation_view(Level.ADMIN)
def person_erase_page(request, org, person_pk: int):
    person = _person(org, person_pk)
    if person.erased:
        raise Http404("This person has already been erased.")
    if request.method == "POST" and request.POST.get("confirm") == "erase":
        entry = person_erase(person=person, by=request.user)
        messages.success(
            request,
            f"Person {person.reference} has been erased. Their figures now belong to the anonymous "
            f"record {entry.subject}, which is also the reference of this erasure in the audit log.",
        )
        return redirect("skills:people", org_slug=org.slug)
    return render(request, "skills/person_erase.html", {
        "org": org, "page_title": f"Erase person {person.reference}", "person": person,
        "assessments": person.assessments.count(), "training": person.training_records.count(),
    })  # fmt: skip


@organisation_view(Level.ADMIN)
def person_subject_access_page(request, org, person_pk: int):
    person = _person(org, person_pk)
    data = person_export_record(person=person, by=request.user)
    response = JsonResponse(data, json_dumps_params={"indent": 2, "ensure_ascii": False})
    response["Content-Disposition"] = (
        f'attachment; filename="{org.slug}-person-{person.pk}-subject-access.json"'
    )
    return response
