"""Enrolment: public cards, trusting a township, accepting a worker laptop, revoking."""

from __future__ import annotations

import base64
from pathlib import Path

import sqlite_utils

from ..domain.errors import GridkeeperError
from ..store.files import write_private
from ..store.devices import self_areas, self_device, upsert_device
from . import keys as K
from .identity import load_device_keys

CARD_SUFFIX = ".gkpub"
MAX_CARD_FILE = 256 * 1024


def export_card(db: sqlite_utils.Database, out: str | Path) -> dict:
    """The township's public card, or a worker laptop's enrolment request. Holds no secret."""
    me = self_device(db)
    keys = load_device_keys(db)  # a sealed township key opens with the env or session passphrase
    escrow = None
    if me.role == "worker":  # the database key, sealed to the township for recovery (sync.escrow)
        from .escrow import escrow_for_request

        escrow = escrow_for_request(db)
    card = K.public_card(keys, areas=self_areas(db) if me.role == "worker" else None, key_escrow=escrow)
    data = K.card_to_bytes(card)
    out = Path(out)
    tmp = out.with_name(out.name + ".part")
    write_private(tmp, data)  # a card holds no secret, but names this device and its township: owner-only
    tmp.replace(out)
    return card


def read_card_file(path: str | Path) -> dict:
    p = Path(path)
    if not p.is_file():
        raise GridkeeperError(f"文件不存在：{p}", f"file not found: {p}", code="no_file")
    if p.stat().st_size > MAX_CARD_FILE:
        raise GridkeeperError("文件过大，不是公钥卡片", "the file is too large to be a public card", code="bad_card")
    return K.card_from_bytes(p.read_bytes())


def import_card(db: sqlite_utils.Database, path: str | Path, *, areas: list[str] | None = None) -> dict:
    """Worker: trust the township's card. Township: accept a worker's enrolment request for ``areas``."""
    card = read_card_file(path)
    me = self_device(db)
    common = dict(device_id=card["device_id"], name=card["name"], role=card["role"],
                  age_recipient=card["age_recipient"], sign_public=card["sign_public"],
                  fingerprint=card["fingerprint"])
    if me.role == "worker":
        if card["kind"] != "township-card":
            raise GridkeeperError("网格员电脑只能导入乡镇的公钥卡片，这是另一台网格员电脑的登记申请",
                                  "a worker laptop imports the township's card; this is another laptop's request",
                                  code="wrong_card")
        if areas:
            raise GridkeeperError("网格员电脑导入乡镇卡片时不指定网格（网格由乡镇分配）",
                                  "--area is for the township; a worker's grid is assigned by the township",
                                  code="bad_args")
        other = db.execute("SELECT device_id, name FROM devices WHERE status = 'township'").fetchone()
        if other and other[0] != card["device_id"]:
            raise GridkeeperError(f"本机已信任乡镇“{other[1]}”，不能再信任另一个乡镇",
                                  f"this laptop already trusts the township '{other[1]}'", code="other_township")
        upsert_device(db, status="township", areas=[], **common)
    else:
        if card["kind"] != "enrolment-request":
            raise GridkeeperError("乡镇只能导入网格员电脑的登记申请", "the township imports enrolment requests from laptops",
                                  code="wrong_card")
        wanted = list(areas or [])
        if not wanted:
            raise GridkeeperError("请用 --area 指定这台电脑负责的网格", "say which areas this laptop covers with --area",
                                  code="no_areas")
        for a in wanted:
            if not db.execute("SELECT 1 FROM areas WHERE id = ? AND deleted = 0", [a]).fetchone():
                raise GridkeeperError(f"没有这个网格：{a}", f"no such area: {a}", code="no_area")
        upsert_device(db, status="enrolled", areas=wanted, **common)
        if card.get("key_escrow"):
            from .escrow import keep_escrow

            keep_escrow(db, card["device_id"], card["key_escrow"])
    return card


def known_device(db: sqlite_utils.Database, device_id: str) -> K.KnownDevice | None:
    row = db.execute("SELECT device_id, name, sign_public, status, role, age_recipient FROM devices "
                     "WHERE device_id = ?", [device_id]).fetchone()
    if not row or row[3] == "seen" or not row[2]:
        return None
    return K.KnownDevice(device_id=row[0], name=row[1] or "", sign_public=base64.b64decode(row[2]),
                         revoked=row[3] == "revoked", role=row[4] or "worker", age_recipient=row[5] or "")
