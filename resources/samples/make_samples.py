#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
# Regenerates the bundled samples the app opens on first run. Deterministic: the same
# NumPy version writes the same bytes. Run from anywhere: /usr/bin/python3 make_samples.py
import os
import struct
import zlib

import numpy as np

here = os.path.dirname(os.path.abspath(__file__))


def save(name, array):
    np.save(os.path.join(here, name), array, allow_pickle=False)


# A 3-D volume: two Gaussian blobs and a ripple, float32, C order (z, y, x).
z, y, x = np.meshgrid(np.linspace(-1, 1, 32), np.linspace(-1, 1, 128), np.linspace(-1, 1, 128),
                      indexing="ij")
volume = (np.exp(-((x - 0.3) ** 2 + (y + 0.2) ** 2 + z ** 2) * 6)
          + 0.7 * np.exp(-((x + 0.4) ** 2 + (y - 0.4) ** 2 + (z - 0.3) ** 2) * 10)
          + 0.1 * np.sin(12 * x) * np.cos(9 * y))
save("volume.npy", volume.astype(np.float32))

# A structured record array with a nested record and a sub-array, both byte orders.
record = np.dtype([("id", "<i4"), ("position", "<f8", (3,)), ("valid", "?"),
                   ("name", "S6"), ("sensor", [("gain", ">f4"), ("channel", "u1")])])
rng = np.random.default_rng(3118)
records = np.zeros(48, dtype=record)
records["id"] = np.arange(48)
records["position"] = rng.normal(size=(48, 3))
records["valid"] = rng.integers(0, 2, 48).astype(bool)
records["name"] = [f"pt{i:03d}".encode() for i in range(48)]
records["sensor"]["gain"] = rng.uniform(0.5, 2.0, 48)
records["sensor"]["channel"] = np.arange(48) % 4
save("records.npy", records)

# A big-endian float64 array: a 2-D interference pattern.
yy, xx = np.mgrid[0:96, 0:128]
pattern = np.cos(np.hypot(xx - 40, yy - 50) / 4) + np.cos(np.hypot(xx - 90, yy - 30) / 5)
save("bigendian.npy", pattern.astype(">f8"))

# A Fortran-order int16 array: a ramp with a diagonal band, stored column by column.
ramp = (np.add.outer(np.arange(60) * 40, np.arange(90) * 10)
        - 2000 * (np.abs(np.subtract.outer(np.arange(60), np.arange(90) * 0.66)) < 4))
save("fortran.npy", np.asfortranarray(ramp.astype(np.int16)))


def write_png(path, rgb):
    """Writes an 8-bit RGB PNG with zlib (no imaging library needed)."""
    height, width, _ = rgb.shape
    raw = b"".join(b"\x00" + rgb[row].tobytes() for row in range(height))

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
                + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


# An RGB test card: gradients, a checkerboard and a disc, 160 x 120.
h, w = 120, 160
yy, xx = np.mgrid[0:h, 0:w]
image = np.zeros((h, w, 3), np.uint8)
image[..., 0] = (xx * 255 // (w - 1)).astype(np.uint8)
image[..., 1] = (yy * 255 // (h - 1)).astype(np.uint8)
image[..., 2] = np.where(((xx // 16) + (yy // 16)) % 2 == 0, 200, 40)
disc = (xx - 110) ** 2 + (yy - 60) ** 2 < 30 ** 2
image[disc] = (255, 220, 0)
write_png(os.path.join(here, "testcard.png"), image)
