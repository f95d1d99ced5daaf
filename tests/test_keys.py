"""Device keys, fingerprints, sealed secrets and public cards (gridkeeper.sync.keys)."""

from __future__ import annotations

import base64
import json
import re
import unicodedata

import pyrage
import pytest

from gridkeeper.domain.errors import GridkeeperError
from gridkeeper.sync import keys as K
from gridkeeper.sync import enrolment as C


@pytest.fixture(scope="module")
def worker():
    return K.generate_device_keys("王秀英的电脑", "worker")


@pytest.fixture(scope="module")
def township():
    return K.generate_device_keys("东山镇网格中心", "township")


# --- generation -------------------------------------------------------------------------------


def test_generated_keys_are_consistent(worker):
    assert re.fullmatch(r"[0-9a-f]{16}", worker.device_id)
    assert worker.age_identity.startswith("AGE-SECRET-KEY-1")
    assert worker.age_recipient.startswith("age1")
    ident = pyrage.x25519.Identity.from_str(worker.age_identity)
    assert str(ident.to_public()) == worker.age_recipient
    assert len(worker.sign_private) == 32 and len(worker.sign_public) == 32
    sig = worker.sign(b"msg")
    assert K.verify_signature(worker.sign_public, sig, b"msg")
    assert not K.verify_signature(worker.sign_public, sig, b"msG")


def test_two_devices_differ():
    a = K.generate_device_keys("a", "worker")
    b = K.generate_device_keys("a", "worker")
    assert a.device_id != b.device_id and a.age_identity != b.age_identity
    assert a.sign_private != b.sign_private


def test_repr_hides_secrets(worker):
    r = repr(worker)
    assert worker.age_identity not in r and "sign_private" not in r


def test_explicit_device_id_and_bad_inputs():
    k = K.generate_device_keys("x", "township", device_id="0123456789abcdef")
    assert k.device_id == "0123456789abcdef"
    with pytest.raises(ValueError):
        K.generate_device_keys("x", "township", device_id="0123456789ABCDEF")
    with pytest.raises(ValueError):
        K.generate_device_keys("x", "admin")
    with pytest.raises(ValueError):
        K.generate_device_keys("   ", "worker")


# --- fingerprint ------------------------------------------------------------------------------


def test_fingerprint_format_and_determinism(worker, township):
    fp = K.fingerprint(worker.sign_public, worker.age_recipient)
    assert re.fullmatch(r"\d{4} \d{4} \d{4}", fp)
    assert fp == K.fingerprint(bytes(worker.sign_public), str(worker.age_recipient))
    assert fp == worker.fingerprint
    # either key changes the fingerprint
    assert fp != K.fingerprint(township.sign_public, worker.age_recipient)
    assert fp != K.fingerprint(worker.sign_public, township.age_recipient)


def _reference_fingerprint(pub: bytes, rec: str) -> str:
    import hashlib
    h = hashlib.sha256(b"gridkeeper-fingerprint-v1\x00" + pub + b"\x00" + rec.encode()).digest()
    s = f"{int.from_bytes(h[:5], 'big') % 10**12:012d}"
    return f"{s[:4]} {s[4:8]} {s[8:]}"


def test_fingerprint_matches_documented_algorithm(worker):
    # a silent change of the algorithm would break every enrolment already made
    assert worker.fingerprint == _reference_fingerprint(worker.sign_public, worker.age_recipient)


# --- sealed secrets ---------------------------------------------------------------------------


def test_seal_open_with_passphrase(worker):
    blob = K.seal_secrets(worker, "东山镇2026!")
    assert K.is_protected(blob)
    text = blob.decode("utf-8")
    assert worker.age_identity not in text
    assert base64.b64encode(worker.sign_private).decode() not in text
    assert K.open_secrets(blob, "东山镇2026!") == worker


def test_wrong_passphrase_is_clear(worker):
    blob = K.seal_secrets(worker, "right")
    with pytest.raises(GridkeeperError) as ei:
        K.open_secrets(blob, "wrong")
    assert ei.value.code == "bad_passphrase"
    assert "口令不正确" in ei.value.zh and "passphrase" in ei.value.en.lower()


def test_missing_passphrase(worker):
    blob = K.seal_secrets(worker, "right")
    for pw in (None, ""):
        with pytest.raises(GridkeeperError) as ei:
            K.open_secrets(blob, pw)
        assert ei.value.code == "passphrase_required"


def test_passphrase_is_nfc_normalised(worker):
    composed = "café口令"
    decomposed = unicodedata.normalize("NFD", composed)
    assert composed != decomposed
    assert K.open_secrets(K.seal_secrets(worker, composed), decomposed) == worker


def test_unprotected_envelope(worker):
    blob = K.seal_secrets(worker, None)
    env = json.loads(blob)
    assert env["protected"] is False and not K.is_protected(blob)
    assert K.open_secrets(blob, None) == worker
    assert K.open_secrets(K.seal_secrets(worker, ""), None) == worker


def test_open_secrets_derives_public_parts(worker):
    # the public keys are never read from the file: they are derived from the secrets
    env = json.loads(K.seal_secrets(worker, None))
    env["secrets"]["sign_private"] = base64.b64encode(bytes(32)).decode()
    k = K.open_secrets(json.dumps(env).encode(), None)
    assert k.sign_public != worker.sign_public and k.age_recipient == worker.age_recipient


def test_tampered_kdf_parameters_are_refused(worker):
    env = json.loads(K.seal_secrets(worker, "pw"))
    env["kdf"]["n"] = 2**15  # within bounds, but bound to the ciphertext as associated data
    with pytest.raises(GridkeeperError) as ei:
        K.open_secrets(json.dumps(env).encode(), "pw")
    assert ei.value.code == "bad_passphrase"


@pytest.mark.parametrize("n", [2**30, 3, 0, -1, "65536", True])
def test_hostile_kdf_parameters_are_refused_without_computing(worker, n):
    env = json.loads(K.seal_secrets(worker, "pw"))
    env["kdf"]["n"] = n
    with pytest.raises(GridkeeperError) as ei:
        K.open_secrets(json.dumps(env).encode(), "pw")
    assert ei.value.code == "bad_secrets"


@pytest.mark.parametrize("blob", [b"", b"not json", b"[]", b'{"format":"x"}', b"\xff\xfe",
                                  b'{"format":"gridkeeper-secrets","version":1,"protected":false}',
                                  b'{"format":"gridkeeper-secrets","version":1,"protected":"yes"}'])
def test_garbage_secrets(blob):
    with pytest.raises(GridkeeperError) as ei:
        K.open_secrets(blob, "pw")
    assert ei.value.code == "bad_secrets"


def test_newer_secrets_version(worker):
    env = json.loads(K.seal_secrets(worker, None))
    env["version"] = 2
    with pytest.raises(GridkeeperError) as ei:
        K.open_secrets(json.dumps(env).encode(), None)
    assert ei.value.code == "newer_format"


# --- public cards -----------------------------------------------------------------------------


def test_card_round_trip(worker, township):
    req = C.public_card(worker, areas=["area-1", "area-2"])
    assert req["kind"] == "enrolment-request" and req["areas"] == ["area-1", "area-2"]
    card = C.public_card(township)
    assert card["kind"] == "township-card" and card["areas"] == []
    for c in (req, card):
        data = C.card_to_bytes(c)
        assert data.decode("utf-8").count("\n") > 5  # readable
        assert C.card_from_bytes(data) == c
    kd = C.device_from_card(req)
    assert kd.device_id == worker.device_id and kd.sign_public == worker.sign_public
    assert kd.age_recipient == worker.age_recipient and not kd.revoked


def test_card_has_no_secrets(worker):
    data = C.card_to_bytes(C.public_card(worker, areas=["a"]))
    assert b"AGE-SECRET-KEY" not in data.upper()
    assert worker.age_identity.encode() not in data
    assert base64.b64encode(worker.sign_private) not in data


def test_card_kind_must_match_role(worker):
    with pytest.raises(ValueError):
        C.public_card(worker, kind="township-card")


def _bad(data: bytes):
    with pytest.raises(GridkeeperError) as ei:
        C.card_from_bytes(data)
    assert ei.value.code == "bad_card"
    assert ei.value.zh and ei.value.en
    return ei.value


@pytest.mark.parametrize("field, value", [
    ("name", "李四的电脑"), ("device_id", "0000000000000000"), ("role", "township"),
    ("kind", "township-card"), ("areas", ["x"]), ("created", "2020-01-01T00:00:00+00:00"),
    ("fingerprint", "0000 0000 0000"), ("version", 2), ("format", "other"),
    ("sign_public", base64.b64encode(bytes(32)).decode()),
    ("age_recipient", "age1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq"),
    ("signature", base64.b64encode(bytes(64)).decode()), ("signature", "!!"),
    ("device_id", 12), ("areas", "a"), ("name", ""),
])
def test_edited_card_is_refused(worker, field, value):
    card = C.public_card(worker, areas=["a"])
    card[field] = value
    _bad(json.dumps(card, ensure_ascii=False).encode())


def test_card_structure_errors(worker):
    card = C.public_card(worker)
    good = C.card_to_bytes(card)
    _bad(good[: len(good) // 2])
    _bad(b"")
    _bad(b"\x00" * 100)
    _bad("这是一份普通的文本文件".encode())
    _bad(b"[1,2,3]")
    _bad(b"x" * (C.CARD_MAX_BYTES + 1))
    extra = dict(card, age_identity=worker.age_identity)
    _bad(json.dumps(extra).encode())
    missing = {k: v for k, v in card.items() if k != "created"}
    _bad(json.dumps(missing).encode())
    dup = good.replace(b'"name"', b'"name": "x", "name"', 1)
    _bad(dup)
    with pytest.raises(GridkeeperError):
        C.card_to_bytes(extra)


def test_card_with_bom_is_accepted(worker):
    card = C.public_card(worker)
    assert C.card_from_bytes(b"\xef\xbb\xbf" + C.card_to_bytes(card)) == card


def test_township_card_cannot_carry_areas(township):
    card = C.public_card(township)
    card["areas"] = ["a"]
    _bad(json.dumps(card).encode())


def test_a_remembered_session_passphrase_opens_sealed_township_keys(tmp_path):
    from gridkeeper.domain.errors import GridkeeperError
    from gridkeeper.sync.new_database import init_database
    from gridkeeper.sync.keys import load_device_keys, remember_passphrase

    db = init_database(tmp_path / "t.db", role="township", name="乡镇", passphrase="东山村2026")
    with pytest.raises(GridkeeperError):
        load_device_keys(db)
    remember_passphrase("东山村2026")
    try:
        assert load_device_keys(db).role == "township"
    finally:
        remember_passphrase(None)
