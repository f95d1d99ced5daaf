"""Timing of the bundle file layer and key sealing (not a pytest test).

Run: cd /work/main && .venv/bin/python tests/benchmarks/bench_bundle.py [MEGABYTES]

Measures, for a payload of realistic field-version JSON (default 30 MB) and for 30 MB of
incompressible bytes: write_bundle (compress + sign + age-encrypt) and open_bundle (decrypt + verify
+ decompress); and seal_secrets / open_secrets with the default scrypt parameters.
"""

from __future__ import annotations

import json
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from gridkeeper.sync.bundle import open_bundle, write_bundle  # noqa: E402
from gridkeeper.sync.keys import (KnownDevice, generate_device_keys, open_secrets,  # noqa: E402
                                  seal_secrets)


def realistic_payload(size: int) -> bytes:
    rnd = random.Random(1)
    surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
    rows, total = [], 0
    while total < size:
        row = {"t": "persons", "id": f"0190{rnd.getrandbits(96):024x}", "f": rnd.choice(
            ["name", "phone", "status", "notes"]), "v": rnd.choice(surnames) + "秀英" + str(
            rnd.randint(1, 9999)), "hlc": f"{1764000000000 + rnd.randint(0, 10**9)}-0000-ab12"}
        line = json.dumps(row, ensure_ascii=False)
        rows.append(line)
        total += len(line.encode()) + 1
    return ("\n".join(rows)).encode()


def timed(fn, repeat=3):
    best = float("inf")
    out = None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t)
    return best, out


def main() -> None:
    mb = float(sys.argv[1]) if len(sys.argv) > 1 else 30.0
    worker = generate_device_keys("王秀英的电脑", "worker")
    town = generate_device_keys("东山镇网格中心", "township")
    fields = dict(schema=1, app_version="bench", recipients=[town.device_id], areas=["a"],
                  hlc_min=None, hlc_max=None, counts={})
    lookup = {worker.device_id: KnownDevice(worker.device_id, worker.name, worker.sign_public)}.get
    for label, payload in [("json", realistic_payload(int(mb * 1e6))),
                           ("random", os.urandom(int(mb * 1e6)))]:
        tw, data = timed(lambda: write_bundle(fields, payload, worker, [town.age_recipient]))
        to, _ = timed(lambda: open_bundle(data, [town.age_identity], lookup, max_schema=1))
        print(f"{label:6s} payload {len(payload) / 1e6:6.1f} MB -> file {len(data) / 1e6:6.2f} MB: "
              f"write (zlib+sign+encrypt) {tw:.3f} s, open (decrypt+verify+inflate) {to:.3f} s")
    ts, blob = timed(lambda: seal_secrets(worker, "口令"))
    to, _ = timed(lambda: open_secrets(blob, "口令"))
    print(f"seal_secrets {ts:.3f} s, open_secrets {to:.3f} s (scrypt n=2^16 r=8 p=1, 64 MiB)")


if __name__ == "__main__":
    main()
