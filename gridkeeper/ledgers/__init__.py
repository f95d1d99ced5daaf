"""Monthly PDF ledgers (台账): rendering only — rows come in as dicts, a PDF goes out.

Public API::

    from gridkeeper.ledgers import LedgerHeader, LedgerResult, render_ledger, mask_id, KINDS

No Qt and no store imports here: the store queries that produce the rows and the CLI live
elsewhere. Modules: ``fonts`` (embedded fonts and rare-character fallback), ``masking`` (ID
numbers), ``kinds`` (columns per ledger kind), ``render`` (layout and PDF).
"""

from .kinds import KINDS
from .masking import mask_id, mask_ids_in_text
from .render import LedgerHeader, LedgerResult, render_ledger

__all__ = ["KINDS", "LedgerHeader", "LedgerResult", "mask_id", "mask_ids_in_text", "render_ledger"]
