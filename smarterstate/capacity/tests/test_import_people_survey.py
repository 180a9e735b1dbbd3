import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from smarterstate.capacity.csps.harmonise import harmonise
from smarterstate.capacity.csps.reader import split_header
from smarterstate.capacity.models import SurveyColumn, SurveyOrganisation, SurveyResult
from smarterstate.organisations.tests.factories import OrganisationFactory

from .helpers import CSPS_2019, CSPS_2020, CSPS_2022, CSPS_2024, workbook_bytes

NEW_IDEAS = "I believe I would be supported if I try a new idea, even if it may not work"


def run(*args) -> dict:
    out = StringIO()
    call_command("import_people_survey", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


def value(code: str, measure: str, year: int = 2024) -> float | None:
    return SurveyResult.objects.get(
        year=year, survey_organisation__code=code, measure_id=measure
    ).value


@pytest.mark.django_db
def test_the_2024_file_gives_the_published_civil_service_benchmark():
    report = run(CSPS_2024)
    median = report["benchmarks"]["CS_MEDIAN"]
    assert median["000.engagement_index"] == 64.076
    assert median["cul.try_new_ideas"] == 74.972  # B55
    assert median["lmc.safe_to_challenge"] == 51.016  # B46
    assert median["000.leadership_change"] == 52.156
    assert median["000.learning_development"] == 55.923
    assert report["benchmarks"]["CS_MEAN"]["000.engagement_index"] == 61.246
    assert report["year"] == 2024
    assert report["organisations"] == report["read"] == 107
    assert report["measures"] == 121
    assert report["rejected"] == [] and report["rejected_records"] == 0
    assert report["read"] == report["stored"] + report["rejected_records"]
    # Stored as such, under harmonised ids, with the published code kept.
    result = SurveyResult.objects.get(
        year=2024, survey_organisation__code="CS_MEDIAN", measure_id="cul.try_new_ideas"
    )
    assert (result.value, result.code) == (74.972, "B55")
    assert SurveyOrganisation.objects.get(code="CS_MEDIAN").kind == "benchmark"
    assert SurveyOrganisation.objects.get(code="MOJ_GROUP").kind == "group"
    assert SurveyColumn.objects.get(year=2024, measure_id="cul.try_new_ideas").label.startswith(
        NEW_IDEAS
    )
    # Suppressed cells are kept as such, never as a number.
    assert SurveyResult.objects.filter(year=2024, status="suppressed", value__isnull=True).exists()


@pytest.mark.django_db
def test_reimporting_changes_nothing():
    run(CSPS_2024)
    before = list(SurveyResult.objects.order_by("pk").values_list("pk", "value", "status"))
    report = run(CSPS_2024)
    assert (report["created"], report["updated"], report["unchanged"]) == (0, 0, 107)
    after = list(SurveyResult.objects.order_by("pk").values_list("pk", "value", "status"))
    assert after == before


@pytest.mark.django_db
def test_a_dry_run_stores_nothing():
    report = run(CSPS_2024, "--dry-run")
    assert report["created"] == 107
    assert not SurveyResult.objects.exists()
    assert not SurveyOrganisation.objects.exists()


@pytest.mark.django_db
def test_the_2022_file_renumbered_headers_land_on_the_same_ids():
    run(CSPS_2022)
    assert value("CS_MEDIAN", "cul.try_new_ideas", 2022) == 74.845
    assert value("CS_MEDIAN", "000.engagement_index", 2022) == 64.585  # header has no code
    assert SurveyColumn.objects.get(year=2022, measure_id="lmc.safe_to_challenge").code == "B46"


@pytest.mark.django_db
def test_the_2020_proportions_become_0_to_100():
    report = run(CSPS_2020)
    assert report["year"] == 2020
    assert value("CS_MEDIAN", "000.engagement_index", 2020) == 66.0
    assert value("CS_MEDIAN", "cul.try_new_ideas", 2020) == 72.0
    assert SurveyOrganisation.objects.get(code="AGO").name == "Attorney General's Office"


@pytest.mark.django_db
def test_the_2019_csv_reads_percent_values():
    report = run(CSPS_2019)
    assert report["year"] == 2019  # from the file name
    assert value("CS_MEDIAN", "000.engagement_index", 2019) == 63.0
    assert value("CS_MEDIAN", "cul.try_new_ideas", 2019) == 73.0


def test_codes_renumbered_in_2017_map_to_one_measure():
    assert harmonise(2016, "B59", NEW_IDEAS)[0].uid == "cul.try_new_ideas"
    assert harmonise(2024, "B55", NEW_IDEAS)[0].uid == "cul.try_new_ideas"
    assert harmonise(2016, "B49", "")[0].uid == "lmc.safe_to_challenge"
    assert harmonise(2018, "B46", "")[0].uid == "lmc.safe_to_challenge"
    # A year the lookup does not know is matched by the label's pattern.
    assert harmonise(2027, "B99", NEW_IDEAS)[0].uid == "cul.try_new_ideas"


def test_header_cells_of_each_published_style_split_into_code_and_label():
    assert split_header("B55\nI believe I would") == ("B55", "I believe I would")
    assert split_header("B55.\nI believe I would") == ("B55", "I believe I would")
    assert split_header("b55. I believe I would") == ("b55", "I believe I would")
    assert split_header("B55") == ("B55", "")
    assert split_header("Employee engagement index (B47-B51)") == (
        "",
        "Employee engagement index (B47-B51)",
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("sheets", "message"),
    [
        ({"Cover": [["Civil Service People Survey 2024"]]}, "no sheet Table_3"),
        ({"Table_3": [["Mean scores"], ["Code", "Name"], ["DWP", "x"]]}, "'Organisation'"),
    ],
)
def test_a_wrong_file_is_a_clear_error_and_stores_nothing(tmp_path, sheets, message):
    path = tmp_path / "people_survey_2024.xlsx"
    path.write_bytes(workbook_bytes(sheets))
    with pytest.raises(CommandError, match=message):
        call_command("import_people_survey", str(path), stdout=StringIO())
    assert not SurveyResult.objects.exists() and not SurveyOrganisation.objects.exists()
    assert not SurveyColumn.objects.exists()


@pytest.mark.django_db
def test_a_file_that_is_not_a_results_table_is_refused(tmp_path):
    path = tmp_path / "notes-2024.csv"
    path.write_text("name,score\nDWP,60\n")
    with pytest.raises(CommandError, match="no 'Organisation code' column"):
        call_command("import_people_survey", str(path), stdout=StringIO())
    assert not SurveyResult.objects.exists()


@pytest.mark.django_db
def test_a_bad_cell_is_rejected_with_sheet_row_and_column_and_the_rest_kept(tmp_path):
    path = tmp_path / "csps.xlsx"
    header = ["Organisation", "Organisation name", "Department group", "EES\nEngagement index",
              f"B55\n{NEW_IDEAS}", "ZZ9\nA question nobody asked"]  # fmt: skip
    path.write_bytes(
        workbook_bytes(
            {
                "Table_3": [
                    ["Table 3"],
                    ["Source: Civil Service People Survey 2024"],
                    header,
                    ["DWP", "Department for Work and Pensions", "DWP", 61.5, "lots", 3],
                    ["HMRC", "HM Revenue and Customs", "HMRC", "[c]", "[z]", 4],
                ]
            }  # fmt: skip
        )
    )
    report = run(str(path))
    assert report["rejected"] == [
        {
            "sheet": "Table_3",
            "row": 4,
            "column": "B55",
            "reason": "'lots' is not a score, [c] or [z]",
        }
    ]
    assert report["unrecognised_columns"] == ["ZZ9"]
    assert value("DWP", "000.engagement_index") == 61.5
    suppressed = SurveyResult.objects.get(
        survey_organisation__code="HMRC", measure_id="000.engagement_index"
    )
    assert (suppressed.value, suppressed.status) == (None, "suppressed")
    assert (
        SurveyResult.objects.get(
            survey_organisation__code="HMRC", measure_id="cul.try_new_ideas"
        ).status
        == "not-asked"
    )


@pytest.mark.django_db
def test_organisations_map_by_name_and_the_rest_are_listed_unmapped():
    dwp = OrganisationFactory(
        name="Department for Work and Pensions", slug="department-for-work-pensions"
    )
    hmrc = OrganisationFactory(name="HM Revenue & Customs", slug="hm-revenue-customs")
    report = run(CSPS_2024)
    assert SurveyOrganisation.objects.get(code="DWP").organisation == dwp
    assert SurveyOrganisation.objects.get(code="HMRC").organisation == hmrc
    unmapped = {row["code"] for row in report["unmapped_organisations"]}
    assert "DWP" not in unmapped and "ACAS" in unmapped
    assert "CS_MEDIAN" not in unmapped and "MOJ_GROUP" not in unmapped
