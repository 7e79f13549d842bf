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

# imageheader: the start of one small file per format (the probe reads only headers).
put("imageheader", "png", b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + struct.pack(">IIBBBBB", 7, 5, 8, 2, 0, 0, 0) + b"\0\0\0\0")
put("imageheader", "jpeg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xc0\x00\x11\x08\x00\x05\x00\x07\x03\x01\x22\x00\x02\x11\x01\x03\x11\x01\xff\xd9")
put("imageheader", "bmp", b"BM" + struct.pack("<IHHIIiiHH", 70, 0, 0, 54, 40, 7, -5, 1, 24) + bytes(24))
put("imageheader", "gif", b"GIF89a" + struct.pack("<HH", 7, 5) + bytes(3))
put("imageheader", "webp_vp8x", b"RIFF" + struct.pack("<I", 30) + b"WEBPVP8X" + struct.pack("<I", 10) + bytes(4) + (6).to_bytes(3, "little") + (4).to_bytes(3, "little"))
put("imageheader", "webp_vp8l", b"RIFF" + struct.pack("<I", 30) + b"WEBPVP8L" + struct.pack("<I", 10) + b"\x2f" + struct.pack("<I", 6 | (4 << 14)))
put("imageheader", "tiff", b"II*\0" + struct.pack("<I", 8) + struct.pack("<H", 2) + struct.pack("<HHII", 256, 3, 1, 7) + struct.pack("<HHII", 257, 4, 1, 5) + bytes(4))
put("imageheader", "ppm", b"P6\n# c\n7 5\n255\n" + bytes(105))
put("imageheader", "jp2", bytes([0, 0, 0, 12]) + b"jP  \r\n\x87\n" + struct.pack(">I", 20) + b"ftypjp2 " + bytes(8) + struct.pack(">I", 45) + b"jp2h" + struct.pack(">I", 22) + b"ihdr" + struct.pack(">II", 5, 7) + bytes(6))

put("settings", "full", json.dumps({"version": 1, "source": "camera:0", "cameraSize": "1280x720", "style": "wave",
    "network": "adain", "alpha": 0.8, "size": "256", "split": False, "preserveColor": True, "mirror": True,
    "temporal": "flow", "virtualCamera": False, "stream": 8080}, indent=2).encode())
put("settings", "small", b'{ "alpha": 1, // comment\n "style": "a", }')

channels = 512
put("stylecache", "valid", b"LSST" + struct.pack("<ii", 2, 2 * channels)
    + struct.pack(f"<{channels}f", *[c / 100 for c in range(channels)])
    + struct.pack(f"<{channels}f", *[1 + c / 100 for c in range(channels)]))
put("stylecache", "short", b"LSST" + struct.pack("<ii", 2, 2 * channels))
