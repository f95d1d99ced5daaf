"""The enrolment exchange: the public card format, and trusting a township or accepting a laptop.

A township hands its **card** to each worker laptop; a laptop hands the township its **enrolment
request** (a card of kind ``enrolment-request`` naming the areas it asks for, with its database key
sealed to the township when the database is encrypted, ``sync.escrow``). Importing one records the
other device in the devices table (``store.devices``); revoking it there refuses its bundles.

Public cards (:func:`public_card`) are JSON files (``.gkpub``) with a self-signature over the
canonical JSON of every other field, so a damaged or edited card is detected. The self-signature
proves integrity only, not identity: identity is established by comparing the fingerprint by phone
(``sync.keys.fingerprint``). Cards are validated strictly (exact key set, types, key formats,
fingerprint, signature): anything else is ``bad_card``.
"""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path

import sqlite_utils
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from ..domain.errors import GridkeeperError
from ..domain.messages import M, Message
from ..store.devices import self_areas, self_device, upsert_device
from ..store.files import write_private
from . import agefile
from .escrow import escrow_for_request, keep_escrow
from .keys import (DEVICE_ID_RE, DeviceKeys, KnownDevice, b64, canonical_json, fingerprint, is_iso_datetime,
                   load_device_keys, now_iso, strict_json_loads, unb64, verify_signature)

CARD_FORMAT = "gridkeeper-card"
CARD_KINDS = {"township-card": "township", "enrolment-request": "worker"}
CARD_MAX_BYTES = 256 * 1024
_CARD_SIG_TAG = b"gridkeeper-card-v1\x00"
CARD_SUFFIX = ".gkpub"
MAX_CARD_FILE = 256 * 1024


def export_card(db: sqlite_utils.Database, out: str | Path) -> dict:
    """The township's public card, or a worker laptop's enrolment request. Holds no secret."""
    me = self_device(db)
    keys = load_device_keys(db)  # a sealed township key opens with the env or session passphrase
    escrow = None
    if me.role == "worker":  # the database key, sealed to the township for recovery (sync.escrow)
        escrow = escrow_for_request(db)
    card = public_card(keys, areas=self_areas(db) if me.role == "worker" else None, key_escrow=escrow)
    data = card_to_bytes(card)
    out = Path(out)
    tmp = out.with_name(out.name + ".part")
    write_private(tmp, data)  # a card holds no secret, but names this device and its township: owner-only
    tmp.replace(out)
    return card


def read_card_file(path: str | Path) -> dict:
    p = Path(path)
    if not p.is_file():
        raise GridkeeperError(M("no_file", p=p), code="no_file")
    if p.stat().st_size > MAX_CARD_FILE:
        raise GridkeeperError(M("bad_card:the_file_is_too_large"), code="bad_card")
    return card_from_bytes(p.read_bytes())


def import_card(db: sqlite_utils.Database, path: str | Path, *, areas: list[str] | None = None) -> dict:
    """Worker: trust the township's card. Township: accept a worker's enrolment request for ``areas``."""
    card = read_card_file(path)
    me = self_device(db)
    common = dict(device_id=card["device_id"], name=card["name"], role=card["role"],
                  age_recipient=card["age_recipient"], sign_public=card["sign_public"],
                  fingerprint=card["fingerprint"])
    if me.role == "worker":
        if card["kind"] != "township-card":
            raise GridkeeperError(M("wrong_card"),
                                  code="wrong_card")
        if areas:
            raise GridkeeperError(M("bad_args"),
                                  code="bad_args")
        other = db.execute("SELECT device_id, name FROM devices WHERE status = 'township'").fetchone()
        if other and other[0] != card["device_id"]:
            raise GridkeeperError(M("other_township", other_1=other[1]), code="other_township")
        upsert_device(db, status="township", areas=[], **common)
    else:
        if card["kind"] != "enrolment-request":
            raise GridkeeperError(M("wrong_card:the_township_imports_enrolment_requests"),
                                  code="wrong_card")
        wanted = list(areas or [])
        if not wanted:
            raise GridkeeperError(M("no_areas"),
                                  code="no_areas")
        for a in wanted:
            if not db.execute("SELECT 1 FROM areas WHERE id = ? AND deleted = 0", [a]).fetchone():
                raise GridkeeperError(M("no_area:no_such_area", a=a), code="no_area")
        upsert_device(db, status="enrolled", areas=wanted, **common)
        if card.get("key_escrow"):
            keep_escrow(db, card["device_id"], card["key_escrow"])
    return card


def known_device(db: sqlite_utils.Database, device_id: str) -> KnownDevice | None:
    row = db.execute("SELECT device_id, name, sign_public, status, role, age_recipient FROM devices "
                     "WHERE device_id = ?", [device_id]).fetchone()
    if not row or row[3] == "seen" or not row[2]:
        return None
    return KnownDevice(device_id=row[0], name=row[1] or "", sign_public=base64.b64decode(row[2]),
                         revoked=row[3] == "revoked", role=row[4] or "worker", age_recipient=row[5] or "")


# --------------------------------------------------------------------------------------------
# the card format

_CARD_FIELDS = {"format", "version", "kind", "device_id", "name", "role", "age_recipient",
                "sign_public", "fingerprint", "created", "areas", "signature"}


def _bad_card(detail: Message) -> GridkeeperError:
    return GridkeeperError(M("bad_card", detail=detail), code="bad_card")


def public_card(keys: DeviceKeys, *, kind: str | None = None, areas: list[str] | None = None,
                created: str | None = None, key_escrow: str | None = None) -> dict:
    """The signed public card of this device: a ``township-card`` for the township, an
    ``enrolment-request`` (with the requested ``areas``) for a worker laptop. No secrets.

    ``key_escrow`` (enrolment requests only): the laptop's database key sealed to the township
    (``sync.escrow``), which only the township's secret key opens."""
    kind = kind or ("township-card" if keys.role == "township" else "enrolment-request")
    if CARD_KINDS.get(kind) != keys.role:
        raise ValueError(f"a {keys.role} device cannot issue a {kind}")
    body = {"format": CARD_FORMAT, "version": 1, "kind": kind, "device_id": keys.device_id,
            "name": keys.name, "role": keys.role, "age_recipient": keys.age_recipient,
            "sign_public": b64(keys.sign_public), "fingerprint": keys.fingerprint,
            "created": created or now_iso(), "areas": [str(a) for a in (areas or [])]}
    if key_escrow:
        body["key_escrow"] = key_escrow
    body["signature"] = b64(keys.sign(_CARD_SIG_TAG + canonical_json(body)))
    return validate_card(body)


def card_to_bytes(card: dict) -> bytes:
    """The ``.gkpub`` file content: readable, indented UTF-8 JSON (validated first)."""
    card = validate_card(card)
    return (json.dumps(card, sort_keys=True, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def card_from_bytes(data: bytes) -> dict:
    """Parse and strictly validate a ``.gkpub`` file; ``bad_card`` on anything malformed."""
    if not isinstance(data, (bytes, bytearray)) or len(data) > CARD_MAX_BYTES:
        raise _bad_card(M("too_large_or_not_a"))
    data = bytes(data)
    if data.startswith(b"\xef\xbb\xbf"):  # a BOM added by Windows Notepad is harmless
        data = data[3:]
    try:
        card = strict_json_loads(data)
    except Exception:
        raise _bad_card(M("not_valid_json_damaged")) from None
    return validate_card(card)


def validate_card(card) -> dict:
    """Return ``card`` (a plain dict) if it is a well-formed, self-consistent, self-signed card."""
    if not isinstance(card, dict) or card.get("format") != CARD_FORMAT:
        raise _bad_card(M("not_a_gridkeeper_card"))
    if card.get("version") != 1 or type(card.get("version")) is not int:
        raise _bad_card(M("unsupported_version_update_the_app"))
    fields = _CARD_FIELDS | ({"key_escrow"} if "key_escrow" in card and card.get("kind") == "enrolment-request"
                             else set())
    if set(card) != fields:
        missing, extra = fields - set(card), set(card) - fields
        raise _bad_card(M("wrong_fields_missing_unexpected", missing=sorted(missing), extra=sorted(extra)))
    kind, role = card["kind"], card["role"]
    if kind not in CARD_KINDS or CARD_KINDS[kind] != role:
        raise _bad_card(M("kind_and_role_do_not"))
    if not isinstance(card["device_id"], str) or not DEVICE_ID_RE.match(card["device_id"]):
        raise _bad_card(M("bad_device_id"))
    name = card["name"]
    if not isinstance(name, str) or not name.strip() or len(name) > 200 or name != name.strip():
        raise _bad_card(M("bad_device_name"))
    if not is_iso_datetime(card["created"]):
        raise _bad_card(M("bad_creation_time"))
    areas = card["areas"]
    if not isinstance(areas, list) or not all(isinstance(a, str) and a for a in areas) \
            or len(areas) > 10000:
        raise _bad_card(M("bad_area_list"))
    if kind == "township-card" and areas:
        raise _bad_card(M("a_township_card_carries_no"))
    try:
        sign_public = unb64(card["sign_public"], 32)
        Ed25519PublicKey.from_public_bytes(sign_public)
    except Exception:
        raise _bad_card(M("bad_signing_key")) from None
    try:
        if not isinstance(card["age_recipient"], str) or not card["age_recipient"].startswith("age1"):
            raise ValueError
        agefile.parse_recipients([card["age_recipient"]])
    except Exception:
        raise _bad_card(M("bad_encryption_key")) from None
    escrow = card.get("key_escrow")
    if escrow is not None and not (isinstance(escrow, str) and 0 < len(escrow) <= 4096
                                   and re.fullmatch(r"[A-Za-z0-9+/]+={0,2}", escrow)):
        raise _bad_card(M("bad_recovery_key"))
    if card["fingerprint"] != fingerprint(sign_public, card["age_recipient"]):
        raise _bad_card(M("fingerprint_does_not_match_the"))
    try:
        sig = unb64(card["signature"], 64)
    except Exception:
        raise _bad_card(M("bad_signature_encoding")) from None
    body = {k: v for k, v in card.items() if k != "signature"}
    if not verify_signature(sign_public, sig, _CARD_SIG_TAG + canonical_json(body)):
        raise _bad_card(M("signature_check_failed_edited_or"))
    return dict(card)


def device_from_card(card: dict) -> KnownDevice:
    """The device a validated card describes, as a bundle reader trusts it."""
    card = validate_card(card)
    return KnownDevice(device_id=card["device_id"], name=card["name"], sign_public=unb64(card["sign_public"], 32),
                       revoked=False, role=card["role"], age_recipient=card["age_recipient"])


def card_sign_public(card: dict) -> bytes:
    """The raw Ed25519 public key of a validated card."""
    return unb64(validate_card(card)["sign_public"], 32)

