"""Person tags (人员标注) and the township's synced tag vocabulary.

The vocabulary is the built-in terms of :data:`vocab.PERSON_TAGS` with the township's own
``vocab_terms`` rows on top: a row with a built-in code renames, re-sorts or retires it; a row with
a new code adds a term. Only the township writes ``vocab_terms`` (the registry's ``author``; a
worker's version is refused by the trust screen) and every return bundle carries the table whole
(``scope="all"``), so every laptop offers the same tags. A term is never deleted, only retired: a
retired tag is no longer offered, but records that carry it still show its label.

A tag on a person is one record per person × tag whose id is derived from both
(:func:`ids.derived_id`): two laptops tagging the same person offline write the same record, and
removing a tag is its tombstone (adding it again restores it).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

import sqlite_utils

from ..domain.errors import GridkeeperError, NotFoundError
from ..domain.ids import derived_id
from ..domain.lang import pick
from ..domain.validate import validate_record
from ..domain.vocab import SYNCED
from .areas import subtree_ids
from .changes import writing
from .meta import self_device
from .records import get_record

TAGS = "person_tag"


@dataclass(frozen=True)
class TagTerm:
    code: str
    zh: str
    en: str
    sort: int
    retired: bool
    builtin: bool

    @property
    def label(self) -> str:
        return pick(self.zh, self.en or self.zh)


def vocabulary_terms(db: sqlite_utils.Database, vocabulary: str = TAGS, *,
                     include_retired: bool = True) -> list[TagTerm]:
    """The vocabulary as this database holds it: built-in terms with the township's rows on top."""
    builtin = SYNCED[vocabulary]
    terms = {t.code: TagTerm(t.code, t.zh, t.en, (i + 1) * 10, False, True) for i, t in enumerate(builtin)}
    for code, zh, en, sort, retired in db.execute(
            "SELECT code, zh, en, sort, retired FROM vocab_terms WHERE vocabulary = ? AND deleted = 0", [vocabulary]):
        old = terms.get(code)
        terms[code] = TagTerm(code, zh, en or (old.en if old else ""),
                              sort if sort is not None else (old.sort if old else 1000),
                              bool(retired), old is not None)
    out = sorted(terms.values(), key=lambda t: (t.sort, t.code))
    return out if include_retired else [t for t in out if not t.retired]


def term_labels(db: sqlite_utils.Database, vocabulary: str = TAGS) -> dict[str, str]:
    """``{code: label}`` of every term, retired ones included (old records stay readable)."""
    return {t.code: t.label for t in vocabulary_terms(db, vocabulary)}


def save_term(db: sqlite_utils.Database, code: str, zh: str, *, en: str | None = None, sort: int | None = None,
              retired: bool = False, vocabulary: str = TAGS, user: str | None = None) -> str:
    """Add or change a term (the township only). Returns the term record's id."""
    if self_device(db).role != "township":
        raise GridkeeperError("标注词表只能由乡镇修改，会随返回包发到各网格",
                              "only the township edits the tag vocabulary; it reaches the workers in return bundles",
                              code="township_only")
    code = (code or "").strip()
    values = {"vocabulary": vocabulary, "code": code, "zh": zh, "en": en, "sort": sort, "retired": int(bool(retired))}
    clean = validate_record("vocab_terms", values)
    same_label = [t for t in vocabulary_terms(db, vocabulary) if t.zh == clean["zh"] and t.code != code]
    if same_label:
        raise GridkeeperError(f"已有名称为“{clean['zh']}”的标注", f"a tag named '{clean['zh']}' already exists",
                              code="duplicate", field="zh")
    rid = derived_id("vocab_terms", vocabulary, code)
    with writing(db, user) as w:
        if db.execute("SELECT 1 FROM vocab_terms WHERE id = ?", [rid]).fetchone():
            w.update("vocab_terms", rid, dict(clean, deleted=0))
        else:
            w.create("vocab_terms", clean, rid=rid)
    return rid


def retire_term(db: sqlite_utils.Database, code: str, *, retired: bool = True, vocabulary: str = TAGS,
                user: str | None = None) -> str:
    """Stop (or resume) offering a term; records carrying it keep it."""
    term = next((t for t in vocabulary_terms(db, vocabulary) if t.code == code), None)
    if term is None:
        raise NotFoundError(f"没有这个标注：{code}", f"no such tag: {code}")
    return save_term(db, code, term.zh, en=term.en or None, sort=term.sort, retired=retired,
                     vocabulary=vocabulary, user=user)


def resolve_tag(db: sqlite_utils.Database, text: str, *, offered_only: bool = True) -> str:
    """A tag's code from its code or its Chinese or English label; a clear error otherwise."""
    s = (text or "").strip()
    for t in vocabulary_terms(db, include_retired=not offered_only):
        if s in (t.code, t.zh) or (t.en and s.lower() == t.en.lower()):
            return t.code
    offered = "、".join(t.zh for t in vocabulary_terms(db, include_retired=False))
    raise GridkeeperError(f"“{s}”不是可用的标注（可选：{offered}）", f"'{s}' is not a tag in use", code="bad_tag")


def _tag_id(person_id: str, tag: str) -> str:
    return derived_id("person_tags", person_id, tag)


def set_person_tags(db: sqlite_utils.Database, person_id: str, tags: list[str], *, since: str | None = None,
                    user: str | None = None) -> dict:
    """Make a person's tags exactly ``tags`` (codes or labels).

    Returns ``{"added": [...], "removed": [...], "changes": [Change, ...]}`` (the writes, for undo).

    A retired tag the person already carries may stay; a new tag must be one currently offered.
    """
    person = get_record(db, "persons", person_id)
    have = set(person_tags(db, person_id))
    want = set()
    for t in tags:
        code = resolve_tag(db, t, offered_only=False)
        if code not in have:
            code = resolve_tag(db, t)   # a tag newly added must be one still offered
        want.add(code)
    added, removed = sorted(want - have), sorted(have - want)
    day = since or date.today().isoformat()
    with writing(db, user) as w:
        for code in added:
            rid = _tag_id(person_id, code)
            values = validate_record("person_tags", {"area_id": person["area_id"], "person_id": person_id,
                                                     "tag": code, "since": day})
            if db.execute("SELECT 1 FROM person_tags WHERE id = ?", [rid]).fetchone():
                w.update("person_tags", rid, dict(values, deleted=0))
            else:
                w.create("person_tags", values, rid=rid)
        for code in removed:
            w.delete("person_tags", _tag_id(person_id, code))
        changes = list(w.changes)
    return {"added": added, "removed": removed, "changes": changes}


def add_tag(db: sqlite_utils.Database, person_id: str, tag: str, **kw) -> dict:
    return set_person_tags(db, person_id, sorted(set(person_tags(db, person_id)) | {resolve_tag(db, tag)}), **kw)


def remove_tag(db: sqlite_utils.Database, person_id: str, tag: str, **kw) -> dict:
    code = resolve_tag(db, tag, offered_only=False)
    return set_person_tags(db, person_id, [t for t in person_tags(db, person_id) if t != code], **kw)


def person_tags(db: sqlite_utils.Database, person_id: str) -> list[str]:
    return [r[0] for r in db.execute("SELECT tag FROM person_tags WHERE person_id = ? AND deleted = 0 ORDER BY tag",
                                     [person_id])]


def tags_of(db: sqlite_utils.Database, person_ids: list[str]) -> dict[str, list[str]]:
    """``{person_id: [codes]}`` for many persons at once (list views)."""
    out: dict[str, list[str]] = {}
    for pid, tag in db.execute("SELECT person_id, tag FROM person_tags WHERE deleted = 0 AND person_id IN "
                               "(SELECT value FROM json_each(?)) ORDER BY tag", [json.dumps(person_ids)]):
        out.setdefault(pid, []).append(tag)
    return out


def tag_filter_sql(tags: list[str], *, match_all: bool = False, person_col: str = "x.id") -> tuple[str, list]:
    """A WHERE clause (and its parameters) keeping persons that carry any (or all) of ``tags``."""
    if not tags:
        return "1", []
    sub = ("SELECT person_id FROM person_tags WHERE deleted = 0 AND tag IN (SELECT value FROM json_each(?))")
    if match_all:
        sub += " GROUP BY person_id HAVING count(DISTINCT tag) = ?"
        return f"{person_col} IN ({sub})", [json.dumps(sorted(set(tags))), len(set(tags))]
    return f"{person_col} IN ({sub})", [json.dumps(sorted(set(tags)))]


def persons_with_tags(db: sqlite_utils.Database, tags: list[str], *, area_id: str | None = None,
                      match_all: bool = False) -> list[dict]:
    """Persons (not deleted) carrying any (or all) of the tags, by name, optionally within an area."""
    where, params = tag_filter_sql(tags, match_all=match_all)
    sql = f"SELECT x.id, x.name, x.id_number, x.area_id, x.phone FROM persons x WHERE x.deleted = 0 AND {where}"
    if area_id:
        sql += " AND x.area_id IN (SELECT value FROM json_each(?))"
        params = params + [json.dumps(subtree_ids(db, area_id))]
    return [dict(id=r[0], name=r[1], id_number=r[2], area_id=r[3], phone=r[4]) for r in db.execute(sql, params)]


def tag_counts(db: sqlite_utils.Database, *, area_ids: list[str] | None = None) -> dict[str, int]:
    """How many living persons carry each tag (the overview), retired tags included."""
    sql = ("SELECT t.tag, count(DISTINCT t.person_id) FROM person_tags t JOIN persons p ON p.id = t.person_id "
           "WHERE t.deleted = 0 AND p.deleted = 0 AND coalesce(p.status, '') NOT IN ('deceased', 'moved_out')")
    params: list = []
    if area_ids is not None:
        sql += " AND t.area_id IN (SELECT value FROM json_each(?))"
        params.append(json.dumps(area_ids))
    return dict(db.execute(sql + " GROUP BY t.tag", params).fetchall())
