# Reads a safetensors file with plain numpy + json (no safetensors package) and prints a JSON report:
# {"header_length": N, "metadata": {...}, "tensors": {name: {"shape": [...], "values": [...]}}}.
# Values are float32 converted to Python floats (exact), so the C# test can compare bit for bit.
# Usage: python3 read_safetensors_numpy.py FILE
import json
import struct
import sys

import numpy as np

path = sys.argv[1]
with open(path, "rb") as f:
    data = f.read()
(n,) = struct.unpack("<Q", data[:8])
header = json.loads(data[8:8 + n].decode("utf-8"))
buffer = data[8 + n:]
metadata = header.pop("__metadata__", {})
report = {"header_length": n, "metadata": metadata, "tensors": {}}
for name, info in header.items():
    assert info["dtype"] == "F32", info
    begin, end = info["data_offsets"]
    array = np.frombuffer(buffer[begin:end], dtype="<f4").reshape(info["shape"])
    report["tensors"][name] = {"shape": list(array.shape), "values": array.ravel().tolist()}
print(json.dumps(report))
