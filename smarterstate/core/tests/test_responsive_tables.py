from smarterstate.core.responsive_tables import stack_table, stack_tables

TABLE = """<table class="govuk-table"><thead class="govuk-table__head"><tr>
<th scope="col">Name</th><th scope="col">Cost <span class="govuk-visually-hidden">(£)</span></th>
<th scope="col">Status &amp; date</th></tr></thead>
<tbody><tr><td class="x">A</td><th scope="row">1</th><td>ok</td></tr>
<tr><td colspan="3">Nothing else</td></tr></tbody></table>"""


def test_it_labels_each_body_cell_with_its_column_heading():
    result = stack_table(TABLE)
    assert '<table class="govuk-table app-table--stack">' in result
    assert '<td class="x" data-label="Name">A</td>' in result
    assert '<th scope="row" data-label="Cost (£)">1</th>' in result
    assert '<td data-label="Status &amp; date">ok</td>' in result
    assert '<td colspan="3">Nothing else</td>' in result


def test_it_leaves_narrow_and_opted_out_tables_alone():
    narrow = TABLE.replace('<th scope="col">Status &amp; date</th>', "")
    assert stack_table(narrow) == narrow
    opted_out = TABLE.replace('"govuk-table"', '"govuk-table app-table--no-stack"')
    assert stack_table(opted_out) == opted_out
    no_head = "<table class='govuk-table'><tr><td>a</td></tr></table>"
    assert stack_tables(no_head) == no_head
