"""What a spreadsheet import would do, row by row (:class:`ImportPlan`), and what it did
(:class:`ImportResult`). Built by :mod:`.import_steps`, written by :func:`.importer.apply_import`."""

from __future__ import annotations

from dataclasses import dataclass, field as dc_field

from ..domain.changed import Changes
from ..domain.errors import GridkeeperError
from ..domain.messages import M, Message
from ..sheets.table import SheetRow, SheetTable


@dataclass
class RowProblem:
    """One reason a sheet row cannot be imported: a :class:`Message`, rendered when shown."""

    row: int
    column: str        # the header as written in the sheet (or the standard header)
    text: Message

    @property
    def message(self) -> str:
        """In the user's language."""
        return self.text.render()

    @property
    def zh(self) -> str:
        return self.text.render("zh")

    @property
    def en(self) -> str:
        return self.text.render("en")

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass
class RowPlan:
    """What one sheet row will do. ``action``: create / update / unchanged / error."""

    row: int
    action: str
    name: str = ""
    id_number: str = ""
    person_id: str | None = None           # existing person (update) or the new id (create)
    person: dict = dc_field(default_factory=dict)   # full values (create) or changed fields
    changes: dict = dc_field(default_factory=dict)  # field -> [old, new], for showing
    household_key: tuple | None = None
    care_action: str | None = None         # create / update / None
    care_id: str | None = None
    care: dict = dc_field(default_factory=dict)
    problems: list[RowProblem] = dc_field(default_factory=list)
    sheet_row: SheetRow | None = None
    duplicate_key: tuple | None = None     # ("id_number", idn) or ("name", (household key, name))

    @property
    def bad(self) -> bool:
        return bool(self.problems)

    def as_dict(self) -> dict:
        d = {"row": self.row, "action": self.action, "name": self.name,
             "id_number": self.id_number}
        if self.changes:
            d["changes"] = self.changes
        if self.care_action:
            d["care"] = self.care_action
        if self.problems:
            d["problems"] = [p.as_dict() for p in self.problems]
        return d


@dataclass
class HouseholdPlan:
    key: tuple                      # (area_id, number)
    household_id: str
    existing: dict | None           # the stored household, or None when it will be created
    values: dict                    # full values (create) or changed fields (update)
    rows: list[int] = dc_field(default_factory=list)
    house_key: tuple | None = None  # the HousePlan it is linked to (new link only)


@dataclass
class HousePlan:
    """A house (房屋) for an address in the sheet: an existing one at that address in the same
    grid, or a new one. ``key`` is (area_id, folded address)."""

    key: tuple
    house_id: str
    existing: bool
    values: dict                    # full values when created
    households: list[tuple] = dc_field(default_factory=list)  # household keys living there


@dataclass
class ImportPlan:
    table: SheetTable
    area_id: str | None
    rows: list[RowPlan]
    households: dict[tuple, HouseholdPlan]
    fingerprint: tuple
    source: str | None = None
    houses: dict[tuple, HousePlan] = dc_field(default_factory=dict)

    def houses_to_create(self, household_keys) -> list[HousePlan]:
        """New houses needed by these households (each once, in plan order)."""
        wanted = set()
        for k in household_keys:
            hk = self.households[k].house_key
            if hk is not None:
                wanted.add(hk)
        return [h for k, h in self.houses.items() if k in wanted and not h.existing]

    @property
    def bad_rows(self) -> list[RowPlan]:
        return [r for r in self.rows if r.bad]

    @property
    def problems(self) -> list[RowProblem]:
        return [p for r in self.rows for p in r.problems]

    def good_rows(self) -> list[RowPlan]:
        return [r for r in self.rows if not r.bad]

    def counts(self) -> dict:
        c = {"created": 0, "updated": 0, "unchanged": 0, "bad": 0}
        for r in self.rows:
            c["bad" if r.bad else {"create": "created", "update": "updated"}.get(r.action, "unchanged")] += 1
        used = {r.household_key for r in self.rows if not r.bad and r.household_key}
        hh = [self.households[k] for k in used]
        c["households_created"] = sum(1 for h in hh if h.existing is None)
        c["households_updated"] = sum(1 for h in hh if h.existing is not None and h.values)
        c["houses_created"] = len(self.houses_to_create(used))
        good = self.good_rows()
        c["care_created"] = sum(1 for r in good if r.care_action == "create")
        c["care_updated"] = sum(1 for r in good if r.care_action == "update")
        return c

    def report(self, *, rows: bool = False) -> dict:
        """A JSON-ready summary; ``rows=True`` adds the per-row plan."""
        c = self.counts()
        d = {"created": c["created"], "updated": c["updated"], "unchanged": c["unchanged"],
             "households": {"created": c["households_created"], "updated": c["households_updated"]},
             "houses": {"created": c["houses_created"]},
             "care_subjects": {"created": c["care_created"], "updated": c["care_updated"]},
             "bad_rows": [p.as_dict() for p in self.problems]}
        if rows:
            d["rows"] = [r.as_dict() for r in self.rows]
        return d


@dataclass
class ImportResult:
    imported: bool
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    households_created: int = 0
    households_updated: int = 0
    houses_created: int = 0
    care_created: int = 0
    care_updated: int = 0
    bad_rows: list[RowProblem] = dc_field(default_factory=list)
    skipped_rows: list[int] = dc_field(default_factory=list)
    backup: str | None = None
    side_file: str | None = None

    @property
    def changes(self) -> Changes:
        """What the import wrote, for the views to refresh (nothing when it imported nothing)."""
        if not self.imported:
            return Changes()
        return Changes.of_tables("persons", "households", "houses", "care_subjects")

    def report(self) -> dict:
        return {"created": self.created, "updated": self.updated, "unchanged": self.unchanged,
                "households": {"created": self.households_created, "updated": self.households_updated},
                "houses": {"created": self.houses_created},
                "care_subjects": {"created": self.care_created, "updated": self.care_updated},
                "bad_rows": [p.as_dict() for p in self.bad_rows], "imported": self.imported,
                "skipped_rows": self.skipped_rows, "backup": self.backup,
                "side_file": self.side_file}


class ImportCancelled(GridkeeperError):
    code = "cancelled"

    def __init__(self):
        super().__init__(M("cancelled"))
