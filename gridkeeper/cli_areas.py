"""``gridkeeper areas …``: the grid tree from the command line (list, add, import)."""

from __future__ import annotations

from .cli_io import _Parser, _open, _out, area_arg
from .domain.messages import M


def register(sub, add) -> None:
    areas = sub.add_parser("areas", help="the area tree: list, add, import from a sheet")
    asub = areas.add_subparsers(dest="areas_command", parser_class=_Parser, required=True)
    sp = asub.add_parser("list", help="every area with its id, level and path")
    _common(sp)
    sp.set_defaults(func=cmd_list)
    sp = asub.add_parser("add", help="add an area under a parent")
    _common(sp)
    sp.add_argument("--parent", help="parent area: id, code or path of names (none for the township itself)")
    sp.add_argument("--level", required=True, help="township, village, community, grid, micro_grid, unit_grid")
    sp.add_argument("--name", required=True)
    sp.add_argument("--code")
    sp.add_argument("--worker")
    sp.add_argument("--phone")
    sp.set_defaults(func=cmd_add)
    sp = asub.add_parser("import", help="villages and grids from a sheet (村/社区, 网格, 网格员, 电话)")
    _common(sp)
    sp.add_argument("file")
    sp.add_argument("--township-name")
    sp.set_defaults(func=cmd_import)


def _common(sp):
    sp.add_argument("--db")
    sp.add_argument("--json", action="store_true")


def _paths(rows):
    by_id = {r["id"]: r for r in rows}

    def path(r):
        names, seen = [], set()
        while r and r["id"] not in seen:
            seen.add(r["id"])
            names.append(r["name"])
            r = by_id.get(r["parent_id"])
        return " / ".join(reversed(names))
    return {r["id"]: path(r) for r in rows}


def cmd_list(args) -> int:
    from .domain.vocab import AREA_LEVELS  # lazy: start-up
    from .store.areas import area_tree  # lazy: start-up

    db = _open(args)
    rows = area_tree(db, include_retired=True)
    paths = _paths(rows)
    data = [dict(id=r["id"], name=r["name"], level=r["level"], parent_id=r["parent_id"], code=r["code"],
                 worker=r["worker_name"], phone=r["worker_phone"], retired=bool(r["retired"]), path=paths[r["id"]])
            for r in rows]        # area_tree order: depth first, siblings as people read them (第二 < 第十)
    _out(args, data, "\n".join(f"{d['id']}  {AREA_LEVELS.label(d['level']):<6} {d['path']}"
                               + (str(M("cli_area_retired")) if d["retired"] else "") for d in data)
         or M("cli_no_areas_yet"))
    return 0


def cmd_add(args) -> int:
    from .store.area_edits import add_area  # lazy: start-up

    db = _open(args)
    parent = area_arg(db, args.parent)
    rid = add_area(db, parent_id=parent, level=args.level, name=args.name, code=args.code,
                   worker_name=args.worker, worker_phone=args.phone)
    _out(args, {"id": rid, "name": args.name, "level": args.level, "parent_id": parent},
         M("cli_area_added", name=args.name, id=rid))
    return 0


def cmd_import(args) -> int:
    import sys

    from .spreadsheets.area_tree import import_area_tree  # lazy: start-up

    db = _open(args)
    res = import_area_tree(db, args.file, township_name=args.township_name)
    data = res.as_dict()
    data["problems"] = [{"row": r, "message": m} for r, m in res.problems]
    lines = [str(M("cli_areas_imported", villages_created=res.villages_created, grids_created=res.grids_created,
                   grids_updated=res.grids_updated))]
    lines += [str(M("cli_areas_row_problem", row=r, problem=m)) for r, m in res.problems]
    _out(args, data, "\n".join(lines))
    if res.problems:
        print(M("cli_areas_bad_rows_nothing_imported", bad_rows=len(res.problems)), file=sys.stderr)
        return 1
    return 0
