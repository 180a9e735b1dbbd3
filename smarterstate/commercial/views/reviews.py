"""Continuous-value reviews of an organisation's contracts: list, record, change, history."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone

from smarterstate.authz import Level, can, get_in_organisation
from smarterstate.authz.views import organisation_view
from smarterstate.core.exports import Column, export_links, export_response
from smarterstate.core.forms import apply_errors
from smarterstate.core.history import history_entries
from smarterstate.core.pagination import paginate

from .. import selectors
from ..forms import ContractReviewForm
from ..models import Contract, ContractReview
from ..naming import contract_name
from ..reviews import CHECKLIST, kpi_gap, kpi_rule_applies
from ..services.reviews import contract_review_create, contract_review_update

REVIEW_COLUMNS = [
    Column("Contract", lambda r: contract_name(r.contract)),
    Column("OCID", "contract.process.ocid"),
    Column("Review date", "review_date"),
    Column("Score", "score"),
    Column("KPIs recorded", "kpis_recorded"),
    Column("KPI gap (over £5m, under 3 KPIs)", lambda r: kpi_gap(r.contract, r.kpis_recorded)),
    Column("Next review", "next_review_date"),
    Column("Reviewer", lambda r: r.reviewer.username if r.reviewer else ""),
    *[
        Column(str(ContractReview._meta.get_field(n).verbose_name).capitalize(), n)
        for n in CHECKLIST
    ],
]

# The scale people score against, shown on both review forms.
SCALE = (
    "The review scores 0 to 100: each of seven checks met (the six questions below and enough "
    "KPIs recorded) adds one seventh of 100. Under 60 is a low score, reviewed again in 6 months."
)


def _contract(org, contract_pk: int) -> Contract:
    # Reviews are about the organisation's own contracts: another's answers 404.
    return get_in_organisation(
        Contract.objects.select_related("process__buyer", "award"), org, pk=contract_pk
    )


def _review(org, review_pk: int) -> ContractReview:
    return get_in_organisation(
        ContractReview.objects.select_related("contract__process", "contract__award", "reviewer"),
        org,
        pk=review_pk,
    )


@organisation_view(Level.READ)
def review_list(request, org):
    reviews = selectors.contract_reviews(org)
    download = export_response(request, reviews, REVIEW_COLUMNS, f"{org.slug}-reviews")
    if download:
        return download
    return render(
        request,
        "commercial/review_list.html",
        {
            "page_title": f"Contract reviews: {org.name}",
            "org": org,
            "page": paginate(request, reviews),
            "today": timezone.localdate(),
            "export_links": export_links(request),
        },
    )


@organisation_view(Level.READ)
def contract_reviews_page(request, org, contract_pk: int):
    contract = _contract(org, contract_pk)
    reviews = contract.reviews.filter(organisation=org).select_related("reviewer", "contract")
    download = export_response(
        request,
        reviews.select_related("contract__process"),
        REVIEW_COLUMNS,
        f"contract-{contract.pk}-reviews",
    )
    if download:
        return download
    return render(
        request,
        "commercial/contract_reviews.html",
        {
            "page_title": f"Reviews of {contract_name(contract)}",
            "org": org,
            "contract": contract,
            "kpi_rule_applies": kpi_rule_applies(contract),
            "page": paginate(request, reviews),
            "can_write": can(request.user, Level.WRITE, org),
            "export_links": export_links(request),
        },
    )


def _save(request, org, form, save):
    try:
        review = save(**form.cleaned_data)
    except ValidationError as exc:
        apply_errors(form, exc)
        return None
    if kpi_gap(review.contract, review.kpis_recorded):
        messages.warning(
            request,
            "This contract is worth over £5m and has fewer than 3 KPIs "
            "(Procurement Act 2023, section 52).",
        )
    messages.success(request, f"Review saved. Score {review.score} out of 100.")
    return redirect(
        "commercial:contract-reviews", org_slug=org.slug, contract_pk=review.contract_id
    )


@organisation_view(Level.WRITE)
def review_add(request, org, contract_pk: int):
    contract = _contract(org, contract_pk)
    form = ContractReviewForm(
        request.POST if request.method == "POST" else None,
        initial={"review_date": timezone.localdate(), "kpis_recorded": contract.kpi_count or 0},
    )
    if request.method == "POST" and form.is_valid():
        done = _save(
            request,
            org,
            form,
            lambda **data: contract_review_create(contract=contract, user=request.user, **data),
        )
        if done:
            return done
    return render(
        request,
        "core/form_page.html",
        {
            "page_title": f"Review {contract_name(contract)}",
            "org": org,
            "form": form,
            "intro": SCALE,
        },
    )


@organisation_view(Level.WRITE)
def review_edit(request, org, review_pk: int):
    review = _review(org, review_pk)
    form = ContractReviewForm(
        request.POST if request.method == "POST" else None,
        initial=ContractReviewForm.initial_from(review),
    )
    if request.method == "POST" and form.is_valid():
        done = _save(
            request,
            org,
            form,
            lambda **data: contract_review_update(review=review, user=request.user, **data),
        )
        if done:
            return done
    return render(
        request,
        "core/form_page.html",
        {
            "page_title": f"Change the review of {review.contract}",
            "org": org,
            "form": form,
            "intro": SCALE,
        },
    )


@organisation_view(Level.READ)
def review_history(request, org, review_pk: int):
    review = _review(org, review_pk)
    return render(
        request,
        "core/history.html",
        {
            "page_title": f"History of the review of {review.contract}",
            "org": org,
            "record": review,
            "entries": history_entries(review),
        },
    )
