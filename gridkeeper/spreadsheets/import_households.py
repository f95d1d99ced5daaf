"""The household and house steps of planning an import, over all rows at once (see
:mod:`.import_steps`): :func:`settle_households` gives each household plan its values from its good
rows, :func:`plan_houses` finds or plans the house of each new or unhoused household's address.
New households and houses are validated together (:func:`~gridkeeper.domain.validate_many.validate_many`,
the editors' checks); a value the validator refuses stops the plan with its error, as before.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from ..domain.errors import ValidationError
from ..domain.ids import new_id
from ..domain.validate_many import validate_many
from ..sheets.cells import clean_text
from ..store.households import house_label
from .import_plan import HousePlan, HouseholdPlan, RowPlan
from .roster_rows import REG_KIND_OF_RESIDENCE

_BUILDING_RE = re.compile(r"^(.*?\D)\s*(\d+\s*号.*)$")


def settle_households(plans: list[RowPlan], households: dict[tuple, HouseholdPlan], *, today: date) -> None:
    """Each household's values from its good rows: a new one takes the first 现住址 and its head's
    registration kind; a stored one takes a changed 现住址."""
    by_row = {p.row: p for p in plans}
    new: list[tuple[HouseholdPlan, dict]] = []
    for hp in households.values():
        rows = [by_row[n] for n in hp.rows if not by_row[n].bad]
        address = next((clean_text(p.sheet_row.values.get("address")) for p in rows
                        if clean_text(p.sheet_row.values.get("address"))), "")
        if hp.existing is None:
            head = next((p for p in rows if p.person.get("relation") == "head"), rows[0] if rows else None)
            kind = REG_KIND_OF_RESIDENCE.get((head.person.get("residence_kind") if head else None) or "")
            values = {"area_id": hp.key[0], "number": hp.key[1]}
            if address:
                values["address"] = address
            if kind:
                values["registration_kind"] = kind
            new.append((hp, values))
        elif address and address != hp.existing.get("address"):
            hp.values = {"address": address}
            for p in rows:
                if p.action == "unchanged":
                    p.action = "update"
                p.changes.setdefault("household.address", [hp.existing.get("address"), address])
    for (hp, _), cleaned in zip(new, _validated("households", [values for _, values in new], today)):
        hp.values = cleaned


def address_key(text: str) -> str:
    """An address folded for matching: width, case and spaces do not matter."""
    return "".join(unicodedata.normalize("NFKC", text).split()).casefold()


def _house_values(area_id: str, address: str) -> dict:
    """A new house for a roster address: "东山村3组17号" -> street 东山村3组, building 17号 (the
    way the app itself writes them); an address it cannot split is all street."""
    m = _BUILDING_RE.match(address)
    if m and m.group(1).strip():
        return {"area_id": area_id, "street": m.group(1).strip(), "building": m.group(2).strip()}
    return {"area_id": area_id, "street": address}


def plan_houses(db, hh_plans: dict[tuple, HouseholdPlan], today) -> dict[tuple, HousePlan]:
    """One house per distinct address (per grid): an existing house whose address reads the same
    (width, case and spaces aside), else a new one. Households created by the import, and
    existing ones without a house, are linked to it; a household already linked keeps its house
    (an import never moves a family between houses)."""
    wanted = []
    for hp in hh_plans.values():
        if hp.existing is None:
            address = hp.values.get("address")
        elif not hp.existing.get("house_id"):
            address = hp.values.get("address") or hp.existing.get("address")
        else:
            continue
        if address:
            wanted.append((hp, address))
    if not wanted:
        return {}
    existing: dict[tuple, str] = {}
    for h in db.query("SELECT * FROM houses WHERE deleted = 0 ORDER BY id"):
        existing.setdefault((h["area_id"], address_key(house_label(h))), h["id"])
    houses: dict[tuple, HousePlan] = {}
    new: list[tuple[HousePlan, dict]] = []
    for hp, address in wanted:
        area = hp.values.get("area_id") or hp.existing["area_id"]
        key = (area, address_key(address))
        plan = houses.get(key)
        if plan is None:
            if key in existing:
                plan = HousePlan(key, existing[key], True, {})
            else:
                plan = HousePlan(key, new_id(), False, {})
                new.append((plan, _house_values(area, address)))
            houses[key] = plan
        plan.households.append(hp.key)
        hp.house_key = key
        hp.values["house_id"] = plan.house_id
    for (plan, _), cleaned in zip(new, _validated("houses", [values for _, values in new], today)):
        plan.values = cleaned
    return houses


def _validated(table: str, rows: list[dict], today: date) -> list[dict]:
    """The cleaned values of each of ``rows``; the first record the validator refuses raises its error."""
    out = validate_many(table, rows, today=today)
    for result in out:
        if isinstance(result, ValidationError):
            raise result
    return out
