#!/usr/bin/env python3
"""Writes the fuzzers' small seed inputs into seeds/<target>/ (standard library only, no PyTorch)."""
import io, json, os, pickle, struct, sys, types, zipfile

here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "seeds")


def put(target, name, data):
    os.makedirs(os.path.join(here, target), exist_ok=True)
    with open(os.path.join(here, target, name), "wb") as f:
        f.write(data)


# safetensors: 8-byte header length, JSON header, raw little-endian floats.
def safetensors(tensors):
    header, blob = {}, b""
    for name, shape, values in tensors:
        data = struct.pack(f"<{len(values)}f", *values)
        header[name] = {"dtype": "F32", "shape": shape, "data_offsets": [len(blob), len(blob) + len(data)]}
        blob += data
    text = json.dumps(header).encode()
    return struct.pack("<q", len(text)) + text + blob

put("safetensors", "two_tensors", safetensors([("a.weight", [2, 2], [1, 2, 3, 4]), ("a.bias", [2], [0.5, -0.5])]))
put("safetensors", "scalar", safetensors([("s", [], [7.0])]))

# PyTorch: stand-ins for torch's classes so that pickle writes the globals torch.save writes.
torch = types.ModuleType("torch"); utils = types.ModuleType("torch._utils")
sys.modules["torch"], sys.modules["torch._utils"] = torch, utils
class FloatStorage: pass
FloatStorage.__module__ = "torch"; torch.FloatStorage = FloatStorage
def _rebuild_tensor_v2(*args): pass
_rebuild_tensor_v2.__module__ = "torch._utils"; utils._rebuild_tensor_v2 = _rebuild_tensor_v2

class Storage:
    def __init__(self, key, values): self.key, self.values = key, values
class Tensor:
    def __init__(self, storage, offset, shape, stride): self.args = (storage, offset, shape, stride)
    def __reduce__(self): return (_rebuild_tensor_v2, self.args + (False, {}))

class Pickler(pickle.Pickler):
    def persistent_id(self, obj):
        if isinstance(obj, Storage):
            return ("storage", FloatStorage, obj.key, "cpu", len(obj.values))
        return None

def dumps(obj):
    out = io.BytesIO(); Pickler(out, protocol=2).dump(obj); return out.getvalue()

s0, s1 = Storage("0", [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]), Storage("1", [0.25, -0.25])
state = {"conv.weight": Tensor(s0, 0, (2, 3), (3, 1)), "conv.bias": Tensor(s1, 0, (2,), (1,)),
         "conv.t": Tensor(s0, 1, (2, 2), (1, 3))}

zipped = io.BytesIO()
with zipfile.ZipFile(zipped, "w", zipfile.ZIP_STORED) as z:
    z.writestr("archive/data.pkl", dumps(state))
    for s in (s0, s1):
        z.writestr(f"archive/data/{s.key}", struct.pack(f"<{len(s.values)}f", *s.values))
    z.writestr("archive/version", b"3\n")
put("pytorch", "zip_state_dict", zipped.getvalue())

legacy = dumps(0x1950a86a20f9469cfc6c) + dumps(1001) + dumps({"protocol_version": 1001, "little_endian": True})
legacy += dumps(state) + dumps(["0", "1"])
for s in (s0, s1):
    legacy += struct.pack("<q", len(s.values)) + struct.pack(f"<{len(s.values)}f", *s.values)
put("pytorch", "legacy_state_dict", legacy)

put("http", "stream", b"GET /stream HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nUser-Agent: fuzz\r\n\r\n")
put("http", "snapshot_absolute", b"GET http://localhost:8080/snapshot.jpg?x=1 HTTP/1.0\nHost: localhost:8080\nAccept: */*\n\n")
put("http", "post_ipv6", b"POST / HTTP/1.1\r\nHost: [::1]:9000\r\nX-A: 1\r\nX-A: 2\r\n\r\nbody")

channels = 512
put("stylecache", "valid", b"LSST" + struct.pack("<ii", 1, channels)
    + struct.pack(f"<{channels}f", *[c / 100 for c in range(channels)])
    + struct.pack(f"<{channels}f", *[1 + c / 100 for c in range(channels)]))
put("stylecache", "short", b"LSST" + struct.pack("<ii", 1, channels))
