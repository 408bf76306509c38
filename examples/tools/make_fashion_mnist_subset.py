#!/usr/bin/env python3
"""Writes the Fashion-MNIST subset shipped with the examples (first N train and test images, IDX, gzip).

Source: Debian's dataset-fashion-mnist (/usr/share/datasets/fashion-mnist). Run from the repository root:
    python3 examples/tools/make_fashion_mnist_subset.py
The output is deterministic (gzip mtime 0), so re-running changes no bytes.
"""
import gzip
import struct
import sys
from pathlib import Path

SRC = Path("/usr/share/datasets/fashion-mnist")
DST = Path("examples/src/main/resources/fashion-mnist-subset")
COUNTS = {"train": 4000, "t10k": 1000}


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    ndim = data[3]
    dims = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    return data[2], dims, data[4 + 4 * ndim:]


def write_idx(path, type_code, dims, payload):
    header = bytes([0, 0, type_code, len(dims)]) + struct.pack(">" + "I" * len(dims), *dims)
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as f:
        f.write(header + payload)


def main():
    DST.mkdir(parents=True, exist_ok=True)
    for prefix, n in COUNTS.items():
        t, dims, payload = read_idx(SRC / f"{prefix}-images-idx3-ubyte.gz")
        write_idx(DST / f"{prefix}-images-idx3-ubyte.gz", t, (n,) + dims[1:], payload[: n * dims[1] * dims[2]])
        t, dims, payload = read_idx(SRC / f"{prefix}-labels-idx1-ubyte.gz")
        write_idx(DST / f"{prefix}-labels-idx1-ubyte.gz", t, (n,), payload[:n])
    print("wrote", DST, file=sys.stderr)


if __name__ == "__main__":
    main()
