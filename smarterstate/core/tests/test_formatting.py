"""Numbers as pages show them: money with its currency, percentages, plain numbers."""

from decimal import Decimal

from django.template import Context, Template

from smarterstate.core.formatting import format_money, format_number, format_percent


def test_it_formats_pounds_with_the_symbol_and_thousands():
    assert format_money(173000000.0, "GBP") == "£173,000,000"
    assert format_money(Decimal("173000000.00"), "gbp") == "£173,000,000"


def test_it_keeps_pence_only_when_there_are_some():
    assert format_money(Decimal("1234.5"), "GBP") == "£1,234.50"
    assert format_money(Decimal("1234.5"), "EUR") == "€1,234.50"


def test_it_puts_other_currency_codes_after_the_amount():
    assert format_money(1200, "CHF") == "1,200 CHF"


def test_it_shows_the_amount_alone_when_the_currency_is_not_stated():
    assert format_money(1200, "") == "1,200"


def test_it_shows_nothing_for_no_amount():
    assert format_money(None, "GBP") == ""
    assert format_money("", "GBP") == ""


def test_it_signs_negative_amounts_before_the_symbol():
    assert format_money(-50, "GBP") == "-£50"


def test_it_formats_percentages_without_trailing_zeros():
    assert format_percent(Decimal("70.4000")) == "70.4%"
    assert format_percent(50) == "50%"
    assert format_percent(None) == ""


def test_it_formats_plain_numbers():
    assert format_number(Decimal("1234567.0000")) == "1,234,567"


def test_the_template_filters_use_them():
    html = Template("{% load formatting %}{{ v|money:c }} {{ s|percent }} {{ n|number }}").render(
        Context({"v": 173000000.0, "c": "GBP", "s": Decimal("70.4000"), "n": 1500})
    )
    assert html == "£173,000,000 70.4% 1,500"
