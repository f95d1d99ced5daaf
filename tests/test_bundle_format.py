"""The .gkb bundle file format: round trips and every refusal, with real crafted files."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import struct
import zlib

import pyrage
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gridkeeper.domain.errors import GridkeeperError
from gridkeeper.sync import bundle as B
from gridkeeper.sync.keys import KnownDevice, canonical_json, generate_device_keys

PAYLOAD = json.dumps({"changes": [{"table": "persons", "id": "0190", "field": "name",
                                   "value": "王𠮷"}] * 50}, ensure_ascii=False).encode()


@pytest.fixture(scope="module")
def ks():
    """Worker A and B (both enrolled), township T, another township X."""
    return {
        "A": generate_device_keys("王秀英的电脑", "worker"),
        "B": generate_device_keys("李建国的电脑", "worker"),
        "T": generate_device_keys("东山镇网格中心", "township"),
        "X": generate_device_keys("西山镇网格中心", "township"),
    }


def known(ks, *names, revoked=()):
    devices = {ks[n].device_id: KnownDevice(ks[n].device_id, ks[n].name, ks[n].sign_public,
                                            revoked=n in revoked) for n in names}
    return devices.get


def fields(ks, **over):
    f = dict(schema=3, app_version="0.1.0", recipients=[ks["T"].device_id],
             areas=["area-东山村三网格"], hlc_min="0001764000000000-0000-a", hlc_max=None,
             counts={"persons": 50})
    f.update(over)
    return f


def open_as(ks, data, who="T", lookup=None, **kw):
    kw.setdefault("max_schema", 3)
    return B.open_bundle(data, [ks[who].age_identity], lookup or known(ks, "A", "B"), **kw)


def refused(code, ks, data, **kw):
    with pytest.raises(B.BundleError) as ei:
        open_as(ks, data, **kw)
    assert ei.value.code == code, ei.value.detail
    assert isinstance(ei.value, GridkeeperError)
    return ei.value


@pytest.fixture(scope="module")
def good(ks):
    return B.write_bundle(fields(ks), PAYLOAD, ks["A"], [ks["T"].age_recipient])


# --- a crafting helper: any manifest/signature/payload, signed and encrypted for real --------


def manifest_for(ks, compressed: bytes, raw_size: int, sender="A", **over):
    m = fields(ks)
    m.update(format=1, bundle_id="b-1", created="2026-11-27T08:00:00+00:00",
             sender=ks[sender].device_id, sender_name=ks[sender].name,
             payload_sha256=hashlib.sha256(compressed).hexdigest(), payload_size=raw_size,
             compression="zlib")
    m.update(over)
    return m


def craft(ks, manifest, compressed, *, signer="A", to=("T",), magic=B.MAGIC, sig=None,
          mbytes=None):
    mbytes = canonical_json(manifest) if mbytes is None else mbytes
    sig = ks[signer].sign(B.SIG_TAG + mbytes) if sig is None else sig
    plain = (magic + struct.pack(">I", len(mbytes)) + mbytes + struct.pack(">I", len(sig)) + sig
             + compressed)
    return pyrage.encrypt(plain, [pyrage.x25519.Recipient.from_str(ks[t].age_recipient)
                                  for t in to])


def crafted_ok(ks, **over):
    c = zlib.compress(PAYLOAD)
    return craft(ks, manifest_for(ks, c, len(PAYLOAD), **over), c)


# --- round trips ------------------------------------------------------------------------------


def test_round_trip(ks, good):
    ob = open_as(ks, good, me=[ks["T"].device_id])
    assert ob.payload == PAYLOAD
    m = ob.manifest
    assert m["format"] == 1 and m["schema"] == 3 and m["sender"] == ks["A"].device_id
    assert m["sender_name"] == "王秀英的电脑" and m["compression"] == "zlib"
    assert m["payload_size"] == len(PAYLOAD) and m["recipients"] == [ks["T"].device_id]
    assert m["counts"] == {"persons": 50} and m["hlc_max"] is None
    assert ob.raw_sha256 == hashlib.sha256(good).hexdigest()
    assert ob.sender.device_id == ks["A"].device_id
    assert dt.datetime.fromisoformat(m["created"]).tzinfo is not None
    assert good.startswith(b"age-encryption.org/v1\n")
    assert "王秀英".encode() not in good and b"persons" not in good  # encrypted


def test_crafting_helper_makes_valid_bundles(ks):
    # the refusal tests below rely on this: without a mutation, a crafted file opens
    assert open_as(ks, crafted_ok(ks)).payload == PAYLOAD


def test_sender_can_reopen_own_export(ks, good):
    ob = open_as(ks, good, who="A", me=[ks["A"].device_id])
    assert ob.payload == PAYLOAD


def test_bundle_ids_are_unique_and_extra_fields_are_signed(ks):
    d1 = B.write_bundle(fields(ks, kind="return", acks=["x"]), b"{}", ks["T"],
                        [ks["A"].age_recipient])
    d2 = B.write_bundle(fields(ks), b"{}", ks["T"], [ks["A"].age_recipient])
    lookup = known(ks, "T")
    m1 = B.open_bundle(d1, [ks["A"].age_identity], lookup, max_schema=3).manifest
    m2 = B.open_bundle(d2, [ks["A"].age_identity], lookup, max_schema=3).manifest
    assert m1["bundle_id"] != m2["bundle_id"] and m1["acks"] == ["x"]


def test_write_bundle_rejects_programming_errors(ks):
    with pytest.raises(ValueError):
        B.write_bundle(fields(ks, sender="0000000000000000"), PAYLOAD, ks["A"], [])
    with pytest.raises(ValueError):
        B.write_bundle({"schema": 1}, PAYLOAD, ks["A"], [])
    with pytest.raises(ValueError):
        B.write_bundle(fields(ks), b"", ks["A"], [])
    with pytest.raises(ValueError):
        B.write_bundle(fields(ks, counts={"x": -1}), PAYLOAD, ks["A"], [])
    with pytest.raises(B.BundleError) as ei:
        B.write_bundle(fields(ks), PAYLOAD, ks["A"], ["age1notarecipient"])
    assert ei.value.code == "bad_recipient"


# --- each refusal with a real file ------------------------------------------------------------


@pytest.mark.parametrize("data", [
    b"", b"\x00", os.urandom(4096), "东山村三网格 走访记录\n王秀英 2026-11-27\n".encode(),
    b"%PDF-1.7\n...", b"PK\x03\x04" + os.urandom(100), b"age-encryption.org/v2\n-> X25519 a\n",
    b"-----BEGIN PGP MESSAGE-----\n", b"   \n\t", b"a", b"ag", b"-",
], ids=["empty", "nul", "random", "text", "pdf", "zip", "age-v2", "pgp", "whitespace", "a", "ag",
        "dash"])
def test_not_a_bundle(ks, data):
    err = refused("not_a_bundle", ks, data)
    assert "gkb" in err.zh.lower() and "bundle" in err.en.lower()


def test_card_file_is_not_a_bundle(ks):
    from gridkeeper.sync.enrolment import card_to_bytes, public_card
    refused("not_a_bundle", ks, card_to_bytes(public_card(ks["T"])))


@pytest.mark.parametrize("frac", [0.001, 0.05, 0.3, 0.5, 0.9, 0.999])
def test_truncated_anywhere(ks, good, frac):
    n = max(4, int(len(good) * frac))  # 1-3 bytes ("a", "ag") are just not an age file
    refused("truncated_or_damaged", ks, good[:n])


def test_truncated_last_byte_and_inside_magic(ks, good):
    refused("truncated_or_damaged", ks, good[:-1])
    refused("truncated_or_damaged", ks, good[:10])


@pytest.mark.parametrize("where", ["mac", "nonce", "payload_start", "payload_mid", "last"])
def test_flipped_byte(ks, good, where):
    mac = good.index(b"\n--- ") + 6
    pos = {"mac": mac, "nonce": good.index(b"\n", mac) + 3, "payload_start": len(good) // 2,
           "payload_mid": len(good) * 3 // 4, "last": len(good) - 1}[where]
    bad = bytearray(good)
    bad[pos] ^= 0x01
    refused("truncated_or_damaged", ks, bytes(bad))


def test_appended_garbage(ks, good):
    refused("truncated_or_damaged", ks, good + b"\x00")


def test_not_for_us(ks, good):
    err = refused("not_for_us", ks, good, who="X")
    assert "不是发给本机" in err.zh


def test_not_for_us_when_signed_recipients_do_not_name_us(ks):
    # A's genuine bundle for township T, re-encrypted by someone to township X: the signed
    # recipient list gives it away.
    c = zlib.compress(PAYLOAD)
    data = craft(ks, manifest_for(ks, c, len(PAYLOAD)), c, to=("X",))
    assert open_as(ks, data, who="X").payload == PAYLOAD  # without `me`, age alone decides
    refused("not_for_us", ks, data, who="X", me=[ks["X"].device_id, ks["X"].fingerprint])


@pytest.mark.parametrize("plain", [
    b"", b"hello", b"GKB1\n", b"GKB1\n\x00\x00\x00\x05{}", b"GKB1\n\xff\xff\xff\xff",
    b"GKB0\n" + b"x" * 100, b"gkb1\n" + b"x" * 100, b"GKB1\n\x00\x00\x00\x02{}\x00\x00\x00\x03abc",
])
def test_bad_format_framing(ks, plain):
    data = pyrage.encrypt(plain, [pyrage.x25519.Recipient.from_str(ks["T"].age_recipient)])
    refused("bad_format", ks, data)


def test_bad_format_manifest_not_json(ks):
    refused("bad_format", ks, craft(ks, None, b"x", mbytes=b"{not json"))
    refused("bad_format", ks, craft(ks, None, b"x", mbytes=b"[1,2]"))
    refused("bad_format", ks, craft(ks, None, b"x", mbytes="{\"a\":\"\udcff\"}".encode(
        "utf-8", "surrogatepass")))


def test_bad_format_non_canonical_manifest_even_if_signed(ks):
    c = zlib.compress(PAYLOAD)
    m = manifest_for(ks, c, len(PAYLOAD))
    refused("bad_format", ks, craft(ks, m, c, mbytes=json.dumps(m, indent=1).encode()))


def test_bad_format_duplicate_keys_even_if_signed(ks):
    c = zlib.compress(PAYLOAD)
    mb = canonical_json(manifest_for(ks, c, len(PAYLOAD)))
    mb = b'{"areas":[],' + mb[1:]  # "areas" now appears twice
    refused("bad_format", ks, craft(ks, None, c, mbytes=mb))


@pytest.mark.parametrize("over", [
    {"schema": "3"}, {"schema": True}, {"recipients": "t"}, {"areas": [1]}, {"counts": {"a": "1"}},
    {"created": "yesterday"}, {"payload_size": -1}, {"compression": "gzip"}, {"format": 0},
    {"bundle_id": ""}, {"hlc_min": 1.5}, {"payload_sha256": "ABC"},
])
def test_bad_format_manifest_fields_even_if_signed(ks, over):
    refused("bad_format", ks, crafted_ok(ks, **over))


def test_bad_format_missing_field_even_if_signed(ks):
    c = zlib.compress(PAYLOAD)
    m = manifest_for(ks, c, len(PAYLOAD))
    del m["hlc_max"]
    refused("bad_format", ks, craft(ks, m, c))


def test_bad_format_bad_zlib_even_if_signed(ks):
    junk = b"\x78\x9c" + os.urandom(200)
    refused("bad_format", ks, craft(ks, manifest_for(ks, junk, 1000), junk))


def test_bad_format_wrong_declared_size(ks):
    c = zlib.compress(PAYLOAD)
    refused("bad_format", ks, craft(ks, manifest_for(ks, c, len(PAYLOAD) - 1), c))
    refused("bad_format", ks, craft(ks, manifest_for(ks, c, len(PAYLOAD) + 1), c))


def test_unknown_sender(ks, good):
    err = refused("unknown_sender", ks, good, lookup=known(ks, "B"))
    assert "未登记" in err.zh


def test_revoked_sender(ks, good):
    refused("revoked_sender", ks, good, lookup=known(ks, "A", "B", revoked=("A",)))


def test_bad_signature_enrolled_device_claims_to_be_another(ks):
    # B (enrolled) signs a manifest that claims sender A: verified with A's key, so it fails
    c = zlib.compress(PAYLOAD)
    data = craft(ks, manifest_for(ks, c, len(PAYLOAD), sender="A"), c, signer="B")
    refused("bad_signature", ks, data)


def test_bad_signature_variants(ks):
    c = zlib.compress(PAYLOAD)
    m = manifest_for(ks, c, len(PAYLOAD))
    refused("bad_signature", ks, craft(ks, m, c, sig=bytes(64)))
    good_sig = ks["A"].sign(B.SIG_TAG + canonical_json(m))
    m2 = dict(m, areas=["someone-else's-area"])  # edited after signing
    refused("bad_signature", ks, craft(ks, m2, c, sig=good_sig))
    # a signature without the domain tag (e.g. a card signature) does not count
    refused("bad_signature", ks, craft(ks, m, c, sig=ks["A"].sign(canonical_json(m))))


def test_bad_signature_length(ks):
    c = zlib.compress(PAYLOAD)
    refused("bad_format", ks, craft(ks, manifest_for(ks, c, len(PAYLOAD)), c, sig=b"\x00" * 63))


def test_newer_format_in_manifest(ks):
    err = refused("newer_format", ks, crafted_ok(ks, format=2))
    assert "升级" in err.zh and "updat" in err.en and "保留" in err.zh and "Keep" in err.en


def test_newer_format_framing(ks):
    c = zlib.compress(PAYLOAD)
    refused("newer_format", ks, craft(ks, manifest_for(ks, c, len(PAYLOAD)), c, magic=b"GKB2\n"))


def test_newer_schema(ks):
    err = refused("newer_schema", ks, crafted_ok(ks, schema=4))
    assert "升级" in err.zh and "updat" in err.en
    assert open_as(ks, crafted_ok(ks, schema=4), max_schema=4).manifest["schema"] == 4


def test_newer_schema_is_not_trusted_before_signature(ks):
    refused("unknown_sender", ks, crafted_ok(ks, schema=99), lookup=known(ks, "B"))


def test_payload_hash_mismatch(ks):
    c = zlib.compress(PAYLOAD)
    m = manifest_for(ks, c, len(PAYLOAD), payload_sha256=hashlib.sha256(b"other").hexdigest())
    refused("payload_hash_mismatch", ks, craft(ks, m, c))


def test_empty_payload(ks):
    refused("empty_payload", ks, craft(ks, manifest_for(ks, b"", 0), b""))
    c = zlib.compress(b"")
    refused("empty_payload", ks, craft(ks, manifest_for(ks, c, 0), c))


def test_payload_too_large_declared(ks):
    refused("payload_too_large", ks, crafted_ok(ks), max_payload=len(PAYLOAD) - 1)
    assert open_as(ks, crafted_ok(ks), max_payload=len(PAYLOAD)).payload == PAYLOAD


def test_zlib_bomb_is_capped(ks):
    bomb = zlib.compress(bytes(200 * 1024 * 1024), 9)  # 200 MiB of zeros in ~200 KiB
    assert len(bomb) < 300 * 1024
    # declared honestly: refused before decompressing
    refused("payload_too_large", ks, craft(ks, manifest_for(ks, bomb, 200 * 1024 * 1024), bomb),
            max_payload=1024 * 1024)
    # declared small: decompression stops at the declared size + 1 (memory stays small)
    import tracemalloc
    data = craft(ks, manifest_for(ks, bomb, 1000), bomb)
    tracemalloc.start()
    try:
        refused("bad_format", ks, data, max_payload=1024 * 1024)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 20 * 1024 * 1024, peak


def test_oversized_file_refused_before_decrypting(ks, good):
    refused("payload_too_large", ks, good + b"\x00" * (17 * 1024 * 1024), max_payload=1024)


def test_bad_identity(ks, good):
    with pytest.raises(B.BundleError) as ei:
        B.open_bundle(good, ["not-a-key"], known(ks, "A"), max_schema=3)
    assert ei.value.code == "bad_identity"
    with pytest.raises(B.BundleError):
        B.open_bundle(good, [], known(ks, "A"), max_schema=3)


def test_unexpected_parser_errors_become_bad_format(ks, good, monkeypatch):
    def explode(*_a, **_k):
        raise KeyError("surprise")
    monkeypatch.setattr(B, "_validate_manifest", explode)
    refused("bad_format", ks, good)


def test_lookup_errors_propagate(ks, good):
    def broken(_device_id):
        raise RuntimeError("database is locked")
    with pytest.raises(RuntimeError, match="locked"):
        open_as(ks, good, lookup=broken)


def test_every_code_has_its_own_message():
    codes = ["not_a_bundle", "truncated_or_damaged", "not_for_us", "bad_format", "unknown_sender",
             "revoked_sender", "bad_signature", "newer_format", "newer_schema",
             "payload_hash_mismatch", "empty_payload", "payload_too_large"]
    errs = [B.BundleError(c) for c in codes]
    assert len({e.zh for e in errs}) == len(codes) and len({e.en for e in errs}) == len(codes)
    for e in errs:
        assert e.zh and e.en and e.zh != e.en and any("\u4e00" <= ch <= "\u9fff" for ch in e.zh)


# --- fuzz: any mutation of a valid bundle is refused with BundleError only --------------------


def _mutations(n):
    idx = st.integers(0, n - 1)
    return st.one_of(
        st.tuples(st.just("flip"), idx, st.integers(0, 7)),
        st.tuples(st.just("truncate"), idx, st.just(0)),
        st.tuples(st.just("insert"), st.integers(0, n), st.binary(min_size=1, max_size=8)),
        st.tuples(st.just("delete"), idx, st.integers(1, 64)),
    )


@pytest.fixture(scope="module")
def small_good(ks):
    return B.write_bundle(fields(ks), b'{"changes":[]}', ks["A"], [ks["T"].age_recipient])


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_fuzz_mutations_only_raise_bundle_error(ks, small_good, data):
    op, a, b = data.draw(_mutations(len(small_good)))
    buf = bytearray(small_good)
    if op == "flip":
        buf[a] ^= 1 << b
    elif op == "truncate":
        del buf[a:]
    elif op == "insert":
        buf[a:a] = b
    else:
        del buf[a:a + b]
    mutated = bytes(buf)
    if mutated == small_good:
        return
    result = None
    try:
        result = open_as(ks, mutated)
    except B.BundleError as e:
        assert e.code in B._MESSAGES
    assert result is None, "a mutated bundle was accepted"


# --- file names -------------------------------------------------------------------------------


def test_suggest_bundle_name():
    assert B.suggest_bundle_name("东山村三网格", "王秀英的电脑", dt.date(2026, 11, 27), 3) \
        == "东山村三网格_王秀英的电脑_20261127_03.gkb"
    name = B.suggest_bundle_name('a/b\\c:d*e?"f<g>h|i\x00', "  \t ", "2026-11-27", 12)
    assert name == "a_b_c_d_e_f_g_h_i_device_20261127_12.gkb"
    assert B.suggest_bundle_name("..", "王 𠮷", dt.datetime(2026, 1, 2, 3, 4), 1) \
        == "bundle_王_𠮷_20260102_01.gkb"
    long = B.suggest_bundle_name("网" * 300, "x", dt.date(2026, 1, 1), 1)
    assert len(long) < 100
