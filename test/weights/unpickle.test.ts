// The restricted unpickler against hostile pickles written by hand, byte by byte: every one throws an
// UnpickleError naming the opcode or global and its byte offset, and nothing is ever run (the readers hold
// no eval, Function or dynamic import, checked below).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type PyValue, type TensorRef, unpickle } from '../../src/weights/unpickle';
import { PROTO2, TENSOR, p, refused, str, u32 } from './pickle-bytes';

describe('what a torch state dict holds', () => {
  it('reads a hand-written state dict into plain data', () => {
    const v = unpickle(p(PROTO2, '}(', ...str('w'), ...TENSOR, 'u.'));
    expect(v).toMatchObject({ kind: 'dict', ordered: false });
    const t = (v as { entries: Map<string, PyValue> }).entries.get('w') as TensorRef;
    expect(t).toEqual({
      kind: 'tensor',
      storage: { kind: 'storage', dtype: 'F32', key: '0', location: 'cpu', numel: 2 },
      storageOffset: 0,
      shape: [2],
      stride: [1],
      requiresGrad: false,
      parameter: false,
    });
  });

  it('reads the scalars: BININT, BININT2, LONG1 (negative too), BINFLOAT, None, bools, BINUNICODE8', () => {
    const v = unpickle(
      p(
        PROTO2,
        '(',
        'J',
        [0xfe, 0xff, 0xff, 0xff],
        'M',
        [0x34, 0x12],
        [0x8a, 2, 0x00, 0x80],
        [0x8a, 0],
        'G',
        [0x40, 0x09, 0x21, 0xfb, 0x54, 0x44, 0x2d, 0x18],
        'N',
        [0x88, 0x89],
        [0x8d, 2, 0, 0, 0, 0, 0, 0, 0],
        'hi',
        [0x8c, 1],
        'x',
        't.',
      ),
    );
    expect(v).toEqual({
      kind: 'tuple',
      items: [-2, 0x1234, -32768, 0, Math.PI, null, true, false, 'hi', 'x'],
    });
  });

  it('memo: BINPUT / BINGET, LONG_BINPUT / LONG_BINGET, MEMOIZE share one object', () => {
    const v = unpickle(
      p(PROTO2, '(]q', [7], 'r', u32(70000), [0x94], 'h', [7], 'j', u32(70000), 'h', [2], 't.'),
    );
    const items = (v as { items: PyValue[] }).items;
    expect(items).toHaveLength(4);
    for (const item of items) expect(item).toBe(items[0]);
  });
});

describe('hostile pickles', () => {
  it('GLOBAL os.system + REDUCE: refused at the GLOBAL, with its offset', () => {
    refused(
      p(PROTO2, 'cos\nsystem\n', ...str('echo pwned'), [0x85], 'R.'),
      /^GLOBAL at byte 2: the global "os\.system" is not allowed/,
    );
  });

  it('every other dangerous global, by GLOBAL and by STACK_GLOBAL', () => {
    const names = [
      ['builtins', 'eval'],
      ['builtins', 'exec'],
      ['__builtin__', 'eval'],
      ['posix', 'system'],
      ['nt', 'system'],
      ['subprocess', 'Popen'],
      ['builtins', 'getattr'],
      ['torch', 'load'],
      ['torch', 'Tensor'],
      ['torch._utils', '_rebuild_tensor'],
      ['torch._utils', '_rebuild_qtensor'],
      ['torch.serialization', '_get_layout'],
      ['collections', 'OrderedDict.fromkeys'],
      ['collections', 'defaultdict'],
      ['numpy.core.multiarray', '_reconstruct'],
      ['torch', 'FloatStorage '],
    ];
    for (const [module, name] of names) {
      const full = `${module}.${name}`.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      refused(
        p(PROTO2, `c${module}\n${name}\n`, ')R.'),
        new RegExp(`^GLOBAL at byte 2: the global "${full}" is not allowed`),
      );
      refused(
        p([0x80, 4], [0x8c, module!.length], module!, [0x8c, name!.length], name!, [0x93], ')R.'),
        new RegExp(
          `^STACK_GLOBAL at byte ${6 + module!.length + name!.length}: the global "${full}" is not allowed`,
        ),
      );
    }
  });

  it("a __reduce__ object as Python's pickle writes it (protocol 2 and 4)", () => {
    // pickle.dumps(Evil(), 2) where Evil.__reduce__ returns (os.system, ('echo pwned',)), on Linux
    refused(
      p(PROTO2, 'cposix\nsystem\nq', [0], ...str('echo pwned'), 'q', [1], [0x85], 'q', [2], 'Rq', [3], '.'),
      /"posix\.system" is not allowed/,
    );
    refused(
      // the bytes of pickle.dumps(Evil(), 4)
      p([
        128, 4, 149, 37, 0, 0, 0, 0, 0, 0, 0, 140, 5, 112, 111, 115, 105, 120, 148, 140, 6, 115, 121, 115,
        116, 101, 109, 148, 147, 148, 140, 10, 101, 99, 104, 111, 32, 112, 119, 110, 101, 100, 148, 133, 148,
        82, 148, 46,
      ]),
      /^STACK_GLOBAL at byte 28: the global "posix\.system" is not allowed/,
    );
  });

  it('INST, OBJ, NEWOBJ, NEWOBJ_EX, EXT*, text PERSID and every other opcode a state dict does not need', () => {
    const refusedOps: [string, number[]][] = [
      ['INST', [0x69]],
      ['OBJ', [0x6f]],
      ['NEWOBJ', [0x81]],
      ['NEWOBJ_EX', [0x92]],
      ['EXT1', [0x82]],
      ['EXT2', [0x83]],
      ['EXT4', [0x84]],
      ['PERSID', [0x50]],
      ['GET', [0x67]],
      ['PUT', [0x70]],
      ['DUP', [0x32]],
      ['POP', [0x30]],
      ['POP_MARK', [0x31]],
      ['INT', [0x49]],
      ['LONG', [0x4c]],
      ['LONG4', [0x8b]],
      ['FLOAT', [0x46]],
      ['STRING', [0x53]],
      ['BINSTRING', [0x54]],
      ['SHORT_BINSTRING', [0x55]],
      ['UNICODE', [0x56]],
      ['BINBYTES', [0x42]],
      ['SHORT_BINBYTES', [0x43]],
      ['BINBYTES8', [0x8e]],
      ['BYTEARRAY8', [0x96]],
      ['DICT', [0x64]],
      ['LIST', [0x6c]],
      ['EMPTY_SET', [0x8f]],
      ['ADDITEMS', [0x90]],
      ['FROZENSET', [0x91]],
      ['NEXT_BUFFER', [0x97]],
      ['READONLY_BUFFER', [0x98]],
      ['0xff', [0xff]],
      ['0x00', [0x00]],
    ];
    for (const [name, op] of refusedOps) {
      refused(
        p(PROTO2, '(', op, 'os\nsystem\n.'),
        new RegExp(`^${name} at byte 3: this opcode is not allowed`),
      );
    }
    // INST with an allowed-looking name is refused just the same
    refused(p(PROTO2, '(icollections\nOrderedDict\n.'), /^INST at byte 3/);
  });

  it('REDUCE only on the allowed callables, OrderedDict only with no arguments', () => {
    // OrderedDict([('a', <eval>)]) smuggled as an argument: refused before anything reads the list
    refused(
      p(PROTO2, 'ccollections\nOrderedDict\n', ']', ...str('a'), 'K', [1], [0x86], 'a', [0x85], 'R.'),
      /^REDUCE at byte \d+: collections\.OrderedDict may only be called with no arguments, got 1/,
    );
    refused(
      p(PROTO2, 'ctorch\nFloatStorage\n)R.'),
      /^REDUCE at byte 23: calling torch\.FloatStorage is not allowed/,
    );
    refused(p(PROTO2, ...str('os.system'), ')R.'), /^REDUCE at byte 17: cannot call the string "os\.system"/);
    refused(
      p(PROTO2, 'ccollections\nOrderedDict\n', ']R.'),
      /^REDUCE at byte \d+: the arguments must be a tuple, not a list/,
    );
    refused(p(PROTO2, 'R.'), /^REDUCE at byte 2: stack underflow/);
  });
});

describe('nothing can be run', () => {
  it('the readers hold no eval, Function, dynamic import or require', () => {
    for (const file of [
      'unpickle.ts',
      'pickle-calls.ts',
      'pickle-values.ts',
      'zip.ts',
      'zip-entry.ts',
      'torch-bin.ts',
      'torch-headers.ts',
      'torch-decode.ts',
      'byte-source.ts',
    ]) {
      const code = readFileSync(`src/weights/${file}`, 'utf8').replace(/\/\/.*$/gm, '');
      expect(code, file).not.toMatch(
        /\beval\s*\(|\bFunction\s*\(|\bimport\s*\(|\brequire\s*\(|setTimeout\s*\(\s*['"`]/,
      );
    }
  });
});
