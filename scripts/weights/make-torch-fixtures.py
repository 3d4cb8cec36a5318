#!/usr/bin/env python3
"""Writes the small torch checkpoints test/weights/torch-bin.test.ts reads, with real torch.save, and
expected.json: every tensor's dtype, shape and values (C order, as torch itself reads them back), so the
TypeScript reader is checked against torch, not against itself.

Needs Debian's python3-torch (torch 1.13): `apt-get install python3-torch`, then
`/usr/bin/python3 scripts/weights/make-torch-fixtures.py`. Deterministic (a fixed seed, fixed ZIP dates) but
for legacy.bin, whose storage keys are memory addresses. The fixtures are committed; CI does not need torch.
"""
import collections
import io
import json
import math
import os
import struct
import subprocess
import zipfile

import torch

OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'test', 'weights', 'fixtures', 'torch')
torch.manual_seed(20240521)

DTYPES = {
    torch.float32: 'F32', torch.float16: 'F16', torch.bfloat16: 'BF16', torch.float64: 'F64',
    torch.int64: 'I64', torch.int32: 'I32', torch.int16: 'I16', torch.int8: 'I8', torch.uint8: 'U8',
    torch.bool: 'BOOL',
}


def number(x):
    x = float(x)
    if math.isnan(x):
        return 'nan'
    if math.isinf(x):
        return 'inf' if x > 0 else '-inf'
    return x


def describe(state):
    """Each tensor as torch.load gives it back: dtype, shape, values as float32 (ints exactly)."""
    out = {}
    for name, t in state.items():
        t = t.detach()
        values = t.to(torch.float32) if t.dtype not in (torch.int64, torch.int32) else t.to(torch.float64)
        out[name] = {
            'dtype': DTYPES[t.dtype],
            'shape': list(t.shape),
            'stride': list(t.stride()),
            'storageOffset': t.storage_offset(),
            'values': [number(v) for v in values.reshape(-1).tolist()],
        }
    return out


expected = {}


def save(name, state, **kwargs):
    path = os.path.join(OUT, name)
    torch.save(state, path, **kwargs)
    back = torch.load(path)
    expected[name] = describe(back)


def put(z, name, data, method=zipfile.ZIP_STORED):
    """zipfile.writestr with a fixed date, so that the files do not change from run to run."""
    info = zipfile.ZipInfo(name, date_time=(2024, 5, 21, 0, 0, 0))
    info.compress_type = method
    z.writestr(info, data)


def zip64_copy(src, dst):
    """Rewrites a zip with every size and offset in ZIP64 extra fields (0xFFFFFFFF in the 32-bit fields),
    in the local headers and the central directory, as a writer does for files over 4 GiB; the data keep
    torch's 64-byte alignment. torch.load reads the result (checked below)."""
    zin = zipfile.ZipFile(src)
    out = bytearray()
    central = bytearray()
    for info in zin.infolist():
        data = zin.read(info.filename)
        name = info.filename.encode()
        offset = len(out)
        local_extra = struct.pack('<HHQQ', 1, 16, len(data), len(data))
        pad = (-(offset + 30 + len(name) + len(local_extra) + 4)) % 64
        local_extra += struct.pack('<HH', 0x4246, pad) + b'Z' * pad
        crc = zipfile.crc32(data)
        out += struct.pack('<IHHHHHIIIHH', 0x04034B50, 45, 0x800, 0, 0, 0x21, crc, 0xFFFFFFFF, 0xFFFFFFFF,
                           len(name), len(local_extra))
        out += name + local_extra
        assert len(out) % 64 == 0
        out += data
        central_extra = struct.pack('<HHQQQ', 1, 24, len(data), len(data), offset)
        central += struct.pack('<IHHHHHHIIIHHHHHII', 0x02014B50, 45, 45, 0x800, 0, 0, 0x21, crc, 0xFFFFFFFF,
                               0xFFFFFFFF, len(name), len(central_extra), 0, 0, 0, 0, 0xFFFFFFFF)
        central += name + central_extra
    cd_offset = len(out)
    n = len(zin.infolist())
    out += central
    record_offset = len(out)
    out += struct.pack('<IQHHIIQQQQ', 0x06064B50, 44, 45, 45, 0, 0, n, n, len(central), cd_offset)
    out += struct.pack('<IIQI', 0x07064B50, 0, record_offset, 1)
    out += struct.pack('<IHHHHIIH', 0x06054B50, 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0)
    with open(dst, 'wb') as f:
        f.write(out)


def main():
    os.makedirs(OUT, exist_ok=True)

    # q, k, v: three views of one in_proj storage at offsets 0, 8*4, 16*4; a bias view; the whole too.
    in_proj = torch.randn(24, 4)
    in_bias = torch.randn(24)
    save('qkv-shared.bin', collections.OrderedDict([
        ('q', in_proj[0:8]), ('k', in_proj[8:16]), ('v', in_proj[16:24]),
        ('k_bias', in_bias[8:16]), ('in_proj', in_proj),
    ]))

    # Non-contiguous views: a transpose, every other column, a column, a broadcast (stride 0), a 0-dim.
    w = torch.randn(5, 7)
    cube = torch.randn(2, 3, 4)
    save('strided.bin', {
        'wt': w.t(), 'w': w, 'odd_columns': w[:, 1::2], 'column': w[:, 3],
        'broadcast': torch.randn(3, 1).expand(3, 4), 'scalar': torch.tensor(2.5),
        'permuted': cube.permute(2, 0, 1), 'empty': torch.zeros(0, 3),
    })

    # Half precision and friends, with the awkward values: subnormals, infinities, -0, the largest half.
    special = torch.tensor([0.0, -0.0, 1.0, -2.5, 65504.0, 6.1e-5, 5.96e-8, 3e-6, float('inf'), float('-inf'),
                            float('nan'), 0.1])
    save('float16.bin', collections.OrderedDict([
        ('special', special.half()), ('weight', torch.randn(6, 5).half()), ('weight_t', torch.randn(4, 3).half().t()),
        ('bf16', torch.randn(9).bfloat16()), ('f64', torch.randn(3, 2, dtype=torch.float64)),
        ('embeddings.position_ids', torch.arange(7).unsqueeze(0)),
    ]))

    # The integer and bool storages (readTorchTensor gives their numbers; readTorchCheckpoint refuses them).
    save('integers.bin', {
        'i64': torch.tensor([-3, 0, 2**40, 7]), 'i32': torch.tensor([-(2**31), 5], dtype=torch.int32),
        'i16': torch.tensor([-300, 12], dtype=torch.int16), 'i8': torch.tensor([-128, 127], dtype=torch.int8),
        'u8': torch.tensor([0, 255], dtype=torch.uint8), 'bool': torch.tensor([True, False, True]),
    })

    # A module's state_dict (an OrderedDict that BUILD gives `_metadata`), parameters, an empty dict.
    net = torch.nn.Sequential(torch.nn.Linear(3, 2), torch.nn.LayerNorm(2))
    save('module-state-dict.bin', net.state_dict())
    save('parameters.bin', {'p': torch.nn.Parameter(torch.randn(3)), 'frozen': torch.nn.Parameter(
        torch.randn(2, 2), requires_grad=False)})
    save('empty.bin', {})
    save('empty-ordered.bin', collections.OrderedDict())

    # Pickle protocol 4: FRAME, SHORT_BINUNICODE, MEMOIZE, STACK_GLOBAL.
    save('protocol4.bin', {'a': torch.randn(2, 3), 'b': torch.randn(3).half()}, pickle_protocol=4)

    # ZIP64 everywhere: the qkv fixture rewritten, read back by torch.
    zip64_copy(os.path.join(OUT, 'qkv-shared.bin'), os.path.join(OUT, 'zip64.bin'))
    expected['zip64.bin'] = describe(torch.load(os.path.join(OUT, 'zip64.bin')))
    assert expected['zip64.bin'] == expected['qkv-shared.bin']

    # What the reader must refuse, each with its own message.
    torch.save({'w': torch.randn(2)}, os.path.join(OUT, 'legacy.bin'), _use_new_zipfile_serialization=False)
    with zipfile.ZipFile(os.path.join(OUT, 'qkv-shared.bin')) as zin, \
            zipfile.ZipFile(os.path.join(OUT, 'deflated.bin'), 'w', zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            put(zout, info.filename, zin.read(info.filename), zipfile.ZIP_DEFLATED)
    with zipfile.ZipFile(os.path.join(OUT, 'not-torch.zip'), 'w') as z:
        put(z, 'notes/readme.txt', 'not a checkpoint')
    torch.jit.save(torch.jit.script(torch.nn.Linear(2, 2)), os.path.join(OUT, 'torchscript.pt'))

    # A hostile pickle inside a real torch archive: data.pkl replaced by os.system('echo pwned').
    class Evil:
        def __reduce__(self):
            return (os.system, ('echo pwned',))
    buf = io.BytesIO()
    import pickle
    pickle.dump({'w': Evil()}, buf, protocol=2)
    with zipfile.ZipFile(os.path.join(OUT, 'qkv-shared.bin')) as zin, \
            zipfile.ZipFile(os.path.join(OUT, 'evil.bin'), 'w') as zout:
        for info in zin.infolist():
            put(zout, info.filename, buf.getvalue() if info.filename.endswith('data.pkl') else zin.read(info.filename))

    path = os.path.join(OUT, 'expected.json')
    with open(path, 'w') as f:
        json.dump({'torch': torch.__version__, 'files': expected}, f, indent=1)
        f.write('\n')
    # The repository's `prettier --check .` covers JSON: write it in prettier's layout.
    subprocess.run(['npx', 'prettier', '--write', path], check=True, stdout=subprocess.DEVNULL)


if __name__ == '__main__':
    main()
