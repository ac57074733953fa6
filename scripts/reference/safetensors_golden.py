"""Writes test/golden/reference.safetensors by hand, following the published format, from torch tensors.

Run: /usr/bin/python3 scripts/reference/safetensors_golden.py
(Debian has no python3-safetensors; this follows its spec byte for byte: u64 little-endian header
size, JSON header with dtype/shape/data_offsets and __metadata__, then the raw little-endian data.)
"""
import json
import struct
import torch

tensors = {
    "hidden.weight": torch.arange(6, dtype=torch.float32).reshape(2, 3) / 4,
    "hidden.bias": torch.tensor([-1.5, 2.25], dtype=torch.float64),
    "labels": torch.tensor([3, -7, 2**31 - 1], dtype=torch.int32),
}
codes = {torch.float32: "F32", torch.float64: "F64", torch.int32: "I32"}
header, data, offset = {"__metadata__": {"format": "pt", "note": "made by scripts/reference/safetensors_golden.py"}}, b"", 0
for name, t in tensors.items():
    raw = t.contiguous().numpy().tobytes()
    header[name] = {"dtype": codes[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
    data += raw
    offset += len(raw)
encoded = json.dumps(header).encode()
with open("test/golden/reference.safetensors", "wb") as f:
    f.write(struct.pack("<Q", len(encoded)) + encoded + data)
