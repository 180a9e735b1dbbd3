"""Importing OCDS releases: store each once, compile the ocids that changed, normalise them.

``ocds_import`` (run.py) is what the ``import_ocds`` command and the web upload job both run.
Each step below lives in the module named after it.

1. **Read** (workers.py) every input with ``ocds.reader`` (format detected from the bytes) and
   prepare each release with ``ocds.release`` (checks, 1.0 → 1.1 upgrade, canonical
   hash). Bad releases and malformed JSON are rejects with positions; the run goes on.
   Past the first few thousand lines of JSON lines, worker processes parse and
   prepare chunks of lines while this process stores the previous batch.
2. **Store** (releases.py) releases in batches (``BATCH_SIZE``), one transaction each: one query
   finds the stored hashes of the batch's keys, then new releases are inserted (COPY
   on PostgreSQL, one executemany on SQLite) and changed ones updated in place. Same
   key and hash: unchanged, nothing written. A changed release read later in the
   same run also replaces the earlier one.
3. **Compile** (stale.py finds them, compiling.py compiles them) the ocids whose compiled
   release is missing or stale: the stored ``CompiledRelease.releases_digest`` differs from the digest of the ocid's current
   (release id, content hash) pairs. After a killed (or concurrent) run that is found by a
   scan over release keys, not from what this run wrote, so a run that was killed at any
   moment leaves nothing behind: the next run finds its stale ocids and compiles them.
   When the run before finished, only the ocids this run wrote can be stale, and they are
   compiled without the scan (a daily feed into a large store). Each chunk of
   ocids is compiled, stored and normalised in one transaction. Merging (ocdsmerge)
   is the expensive part, so for big runs it happens in worker processes, which also
   parse the compiled release into normalised rows from the releases they merged
   (``normalise.chunk``), while this process reads the next chunk and writes the last.
4. **Refresh** (run.py) the indicators once at the end, when anything was compiled or the
   previous run did not finish: only the buyers and organisations whose processes the
   compile phase changed (read before and after each chunk), and those supplied by a party
   whose SME/VCSE flag changed, while the stored rows are from today (ADR 0013).

Releases without an id (absent, null or empty) are stored under their content hash, exactly
as published (``ocds.release``); the report counts them and warns once per file.

The counts go into the report (report.py), which is also kept on the run's OCDSImport record.
The scan is skipped when this run wrote nothing and the previous run succeeded
(a re-import of unchanged files), which is what makes re-imports cheap.
"""

from .releases import BATCH_SIZE
from .report import OCDSImportReport
from .run import ocds_import, ocds_import_for_job

__all__ = ["BATCH_SIZE", "OCDSImportReport", "ocds_import", "ocds_import_for_job"]
