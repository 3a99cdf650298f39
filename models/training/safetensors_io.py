"""safetensors files (the format of the exported weights and the parity vectors), float32/float64 only."""

import json
import struct

import numpy as np
import torch


def write_safetensors(path, tensors):
    """tensors: name -> array (float32 or float64 kept as is). 8-byte LE header length + JSON + LE data."""
    header, blobs, offset = {}, [], 0
    for name, value in tensors.items():
        arr = np.ascontiguousarray(value.detach().cpu().numpy() if torch.is_tensor(value) else value)
        if arr.dtype == np.float64:
            dtype, arr = "F64", arr.astype("<f8")
        else:
            dtype, arr = "F32", arr.astype("<f4")
        data = arr.tobytes()
        header[name] = {"dtype": dtype, "shape": list(arr.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    head = json.dumps(header, separators=(",", ":")).encode("utf-8")
    head += b" " * ((8 - len(head) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(head)))
        f.write(head)
        for data in blobs:
            f.write(data)


def read_safetensors(path):
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n].decode("utf-8"))
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        dtype = {"F32": "<f4", "F64": "<f8"}[info["dtype"]]
        a, b = info["data_offsets"]
        out[name] = np.frombuffer(raw[8 + n + a:8 + n + b], dtype=dtype).reshape(info["shape"]).copy()
    return out
