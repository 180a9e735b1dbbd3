"""Compiled releases → the normalised rows (Process, Lot, Award, AwardSupplier, Contract,
Amendment, Party, automatic BuyerMapping) the pages and indicators read.

Pure, no database: values.py (one field's value: dates, amounts, method category), drafts.py
(a process's rows before ids are known, and the parties seen), parse.py (a compiled release →
a draft), chunk.py (merge and parse in the import's worker processes). Database: save.py
(drafts → rows), bulk.py (the SQL it uses), rebuild.py (``normalise_ocids``: rows from the
stored compiled releases). Idempotent: running it twice gives the same rows. Processes,
awards and contracts are upserted on their natural keys (so notes and contract reviews that
point at them survive); lots, supplier links and amendments are deleted and recreated. Work is
done in chunks with a fixed number of queries per chunk, never per row.

Field decisions (the why is next to each helper):
- method_category: procurementMethod's codelist value, overridden to "direct" when the details
  text or a UK5 transparency notice says direct award; inferred from the details text when
  procurementMethod is missing.
- tender_start: tender.tenderPeriod.startDate, else tender.datePublished, else the date of the
  first release tagged tender* (A1 order); the source is recorded.
- Contracts: contracts[] as published; an award with no contract is turned into a contract row
  with from_award=True (Contracts Finder puts the contract period and value on the award).
- kpi_count: contracts[].agreedMetrics (the OCDS metrics extension, which UK7 contract details
  notices use); 0 when noAgreedMetricsRationale is given; null otherwise. None of the bundled
  files publishes either, so it is null for all real data today.
"""

from .parse import parse_compiled
from .rebuild import normalise_ocids
from .save import AWARD_FIELDS, CONTRACT_FIELDS, PROCESS_FIELDS, save_drafts
from .values import is_call_off, method_category, parse_amount, parse_datetime

__all__ = [
    "AWARD_FIELDS",
    "CONTRACT_FIELDS",
    "PROCESS_FIELDS",
    "is_call_off",
    "method_category",
    "normalise_ocids",
    "parse_amount",
    "parse_compiled",
    "parse_datetime",
    "save_drafts",
]
