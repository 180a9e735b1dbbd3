"""Two allocations at once cannot overdraw the fund: the fund row is locked (PostgreSQL)."""

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from smarterstate.outcomes.models import FundEntry, InnovationFund
from smarterstate.outcomes.services import pilots

from . import factories as f


@pytest.mark.django_db(transaction=True)
def test_concurrent_allocations_never_take_the_fund_below_zero(org_a):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are a PostgreSQL matter; SQLite serialises writers")
    target = f.initiative(org_a)
    pilots.fund_deposit(organisation=org_a, amount=Decimal("100"))
    results: list[str] = []
    start = threading.Barrier(2)

    def allocate():
        try:
            start.wait()
            pilots.fund_allocate(organisation=org_a, initiative=target, amount=Decimal("70"))
            results.append("ok")
        except ValidationError:
            results.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=allocate) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["ok", "refused"]
    assert InnovationFund.objects.get(organisation=org_a).balance == Decimal("30")
    assert FundEntry.objects.filter(kind="allocation").count() == 1
