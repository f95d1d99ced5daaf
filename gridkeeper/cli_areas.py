"""``gridkeeper areas …``: the grid tree from the command line (list, add, import)."""

from __future__ import annotations

from .domain.lang import pick


def register(sub, add) -> None:
    from .cli import _Parser

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
    from .cli import _open, _out
    from .domain.vocab import AREA_LEVELS
    from .store.areas import area_tree

    db = _open(args)
    rows = area_tree(db, include_retired=True)
    paths = _paths(rows)
    data = [dict(id=r["id"], name=r["name"], level=r["level"], parent_id=r["parent_id"], code=r["code"],
                 worker=r["worker_name"], phone=r["worker_phone"], retired=bool(r["retired"]), path=paths[r["id"]])
            for r in rows]        # area_tree order: depth first, siblings as people read them (第二 < 第十)
    _out(args, data, "\n".join(f"{d['id']}  {AREA_LEVELS.label(d['level']):<6} {d['path']}"
                               + (pick("（已撤销）", " (retired)") if d["retired"] else "") for d in data)
         or pick("还没有区域", "no areas yet"))
    return 0


def cmd_add(args) -> int:
    from .cli import _open, _out, area_arg
    from .store.township import add_area

    db = _open(args)
    parent = area_arg(db, args.parent)
    rid = add_area(db, parent_id=parent, level=args.level, name=args.name, code=args.code,
                   worker_name=args.worker, worker_phone=args.phone)
    _out(args, {"id": rid, "name": args.name, "level": args.level, "parent_id": parent},
         pick(f"已添加“{args.name}”：{rid}", f"added '{args.name}': {rid}"))
    return 0


def cmd_import(args) -> int:
    import sys

    from .cli import _open, _out
    from .spreadsheets.area_tree import import_area_tree

    db = _open(args)
    res = import_area_tree(db, args.file, township_name=args.township_name)
    data = res.as_dict()
    data["problems"] = [{"row": r, "message": m} for r, m in res.problems]
    lines = [pick(f"新建村/社区 {res.villages_created} 个，新建网格 {res.grids_created} 个，更新网格 {res.grids_updated} 个",
                  f"created {res.villages_created} villages, {res.grids_created} grids; updated {res.grids_updated}")]
    lines += [pick(f"第 {r} 行：{m}", f"row {r}: {m}") for r, m in res.problems]
    _out(args, data, "\n".join(lines))
    if res.problems:
        print(pick(f"gridkeeper：表格有 {len(res.problems)} 行有问题，什么都没有导入",
                   f"gridkeeper: {len(res.problems)} bad rows in the sheet; nothing was imported"), file=sys.stderr)
        return 1
    return 0
