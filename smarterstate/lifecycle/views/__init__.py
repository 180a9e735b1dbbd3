"""Lifecycle pages, one module per area; urls.py names them through this package."""

from .catalogue import product_detail, product_list, snapshot_detail  # noqa: F401
from .coverage import coverage_page, mapping_set, own_product_add  # noqa: F401
from .overview import compare, index  # noqa: F401
from .radar import calendar_feed, calendar_page, calendar_reset, radar_page  # noqa: F401
from .register import (  # noqa: F401
    component_add,
    component_edit,
    component_list,
    component_remove,
    register_upload,
    sbom_detail,
    sbom_upload,
    system_add,
    system_detail,
    system_edit,
    system_history,
    system_list,
)
from .risk import (  # noqa: F401
    assessment_add,
    assessment_detail,
    assessment_list,
    override_add,
    override_list,
    override_remove,
)
