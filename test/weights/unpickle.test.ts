// The restricted unpickler against hostile pickles written by hand, byte by byte: every one throws an
// UnpickleError naming the opcode or global and its byte offset, and nothing is ever run (the readers hold
// no eval, Function or dynamic import, checked below).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type PyValue, type TensorRef, UnpickleError, unpickle } from '../../src/weights/unpickle';
import { memorySource } from '../../src/weights/byte-source';
import { readEntry, readZipDirectory } from '../../src/weights/zip';

type Part = string | number[] | Uint8Array;

/** Pickle bytes from parts: strings as latin-1 (opcodes as their characters), arrays as bytes. */
function p(...parts: Part[]): Uint8Array {
  const out: number[] = [];
  for (const part of parts) {
    if (typeof part === 'string') for (const c of part) out.push(c.charCodeAt(0) & 0xff);
    else for (const b of part) out.push(b);
  }
  return Uint8Array.from(out);
}
const u32 = (n: number): number[] => [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff];
/** BINUNICODE s */
const str = (s: string): Part[] => {
  const b = new TextEncoder().encode(s);
  return ['X', u32(b.length), b];
};
const PROTO2 = [0x80, 2];

function refused(bytes: Uint8Array, pattern: RegExp): void {
  let err: unknown = null;
  try {
    unpickle(bytes);
  } catch (e) {
    err = e;
  }
  expect(err, `expected ${pattern}`).toBeInstanceOf(UnpickleError);
  expect((err as Error).message).toMatch(pattern);
}

/** A valid tensor of shape [2] over storage "0" of 2 floats, as torch writes it (without the outer dict). */
const TENSOR: Part[] = [
  'ctorch._utils\n_rebuild_tensor_v2\n',
  '((',
  ...str('storage'),
  'ctorch\nFloatStorage\n',
  ...str('0'),
  ...str('cpu'),
  'K',
  [2],
  'tQ',
  'K',
  [0],
  'K',
  [2],
  [0x85],
  'K',
  [1],
  [0x85],
  [0x89],
  'ccollections\nOrderedDict\n',
  ')R',
  'tR',
];

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

  it('_rebuild_tensor_v2 and _rebuild_parameter check their arguments', () => {
    const rebuild = 'ctorch._utils\n_rebuild_tensor_v2\n';
    refused(
      p(
        PROTO2,
        rebuild,
        '(',
        ...str('not a storage'),
        'K',
        [0],
        'K',
        [2],
        [0x85],
        'K',
        [1],
        [0x85],
        [0x89],
        '}tR.',
      ),
      /the first argument must be a storage/,
    );
    refused(p(PROTO2, rebuild, ')R.'), /_rebuild_tensor_v2 takes 6 or 7 arguments, got 0/);
    // backward hooks that are not empty
    const hooks = ['ccollections\nOrderedDict\n)R', ...str('k'), 'K', [1], 's'];
    const storage = [
      '(',
      ...str('storage'),
      'ctorch\nFloatStorage\n',
      ...str('0'),
      ...str('cpu'),
      'K',
      [2],
      'tQ',
    ];
    refused(
      p(
        PROTO2,
        rebuild,
        '(',
        ...storage,
        'K',
        [0],
        'K',
        [2],
        [0x85],
        'K',
        [1],
        [0x85],
        [0x89],
        ...hooks,
        'tR.',
      ),
      /backward_hooks must be an empty OrderedDict/,
    );
    refused(
      p(
        PROTO2,
        rebuild,
        '(',
        ...storage,
        'K',
        [0],
        'K',
        [2],
        [0x85],
        'K',
        [1],
        'K',
        [1],
        [0x86],
        [0x89],
        '}tR.',
      ),
      /size has 1 dims, stride 2/,
    );
    refused(
      p(
        PROTO2,
        rebuild,
        '(',
        ...storage,
        'J',
        u32(-1 >>> 0),
        'K',
        [2],
        [0x85],
        'K',
        [1],
        [0x85],
        [0x89],
        '}tR.',
      ),
      /storage offset must be a non-negative integer/,
    );
    refused(
      p(PROTO2, 'ctorch._utils\n_rebuild_parameter\n(', ...str('x'), [0x88], '}tR.'),
      /_rebuild_parameter: the data must be a tensor/,
    );
  });

  it('persistent ids are exactly (storage, StorageType, key, location, numel)', () => {
    refused(p(PROTO2, ...str('storage'), 'Q.'), /^BINPERSID at byte 14: a persistent id must be the tuple/);
    refused(
      p(
        PROTO2,
        '(',
        ...str('storage'),
        'ccollections\nOrderedDict\n',
        ...str('0'),
        ...str('cpu'),
        'K',
        [2],
        'tQ.',
      ),
      /type must be a torch storage type, got the global collections\.OrderedDict/,
    );
    refused(
      p(PROTO2, '(', ...str('module'), 'ctorch\nFloatStorage\n', ...str('0'), ...str('cpu'), 'K', [2], 'tQ.'),
      /must start with 'storage'/,
    );
    refused(
      p(
        PROTO2,
        '(',
        ...str('storage'),
        'ctorch\nFloatStorage\n',
        ...str('0'),
        ...str('cpu'),
        'J',
        u32(-5 >>> 0),
        'tQ.',
      ),
      /numel must be a non-negative integer/,
    );
  });

  it('BUILD only sets a dict of attributes on a dict (never on a tensor)', () => {
    refused(p(PROTO2, ...TENSOR, '}b.'), /^BUILD at byte \d+: BUILD on a tensor is not allowed/);
    refused(p(PROTO2, ']}b.'), /BUILD on a list is not allowed/);
    refused(
      p(PROTO2, 'ccollections\nOrderedDict\n)R)b.'),
      /the state to BUILD with must be a dict of attributes, not a tuple/,
    );
    refused(p(PROTO2, 'ccollections\nOrderedDict\n)R}b}b.'), /BUILD on a dict twice/);
    const v = unpickle(p(PROTO2, 'ccollections\nOrderedDict\n)R}(', ...str('_metadata'), '}ub.'));
    expect(v).toMatchObject({ kind: 'dict', ordered: true, state: { kind: 'dict' } });
  });

  it('huge length prefixes and truncated streams', () => {
    refused(
      p(PROTO2, 'X', [0xff, 0xff, 0xff, 0xff], 'abc.'),
      /^BINUNICODE at byte 2: truncated or absurd length: a 4294967295-byte string/,
    );
    refused(
      p(PROTO2, [0x8d, 0, 0, 0, 0, 0, 0, 0, 0x7f], 'a.'),
      /^BINUNICODE8 at byte 2: truncated or absurd length/,
    );
    refused(
      p(PROTO2, [0x8d, 0, 0, 0, 0, 0, 0, 0xff, 0xff], 'a.'),
      /^BINUNICODE8 at byte 2: truncated or absurd length/,
    );
    refused(
      p([0x80, 4, 0x95, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff], 'N.'),
      /^FRAME at byte 2: a frame of \d+ bytes/,
    );
    refused(p(PROTO2, [0x8a, 0xff], 'N.'), /^LONG1 at byte 2: a 255-byte integer is too large/);
    refused(
      p(PROTO2, [0x8a, 8, 0, 0, 0, 0, 0, 0, 0, 0x40], '.'),
      /^LONG1 at byte 2: the integer \d+ is beyond 2\^53/,
    );
    refused(p(PROTO2, 'c', 'a'.repeat(5000)), /^GLOBAL at byte 2: no end of line within 256 bytes/);
    refused(p(PROTO2, 'J', [1, 2]), /^BININT at byte 2: truncated: the integer needs 4 bytes, only 2 remain/);
    refused(p(PROTO2, 'N'), /^STOP at byte 3: truncated: the pickle ends before its STOP/);
    refused(p(), /truncated/);
    refused(p([0x80, 6], 'N.'), /^PROTO at byte 0: protocol 6 is not supported/);
    refused(p(PROTO2, 'X', [2, 0, 0, 0], [0xc3, 0x28], '.'), /not valid UTF-8/);
  });

  it('every truncation of a real data.pkl throws an UnpickleError', async () => {
    const bytes = new Uint8Array(readFileSync('test/weights/fixtures/torch/qkv-shared.bin'));
    const source = memorySource(bytes);
    const dir = await readZipDirectory(source);
    const pkl = (await readEntry(source, dir.byName.get('qkv-shared/data.pkl')!)).bytes;
    expect(unpickle(pkl)).toMatchObject({ kind: 'dict', ordered: true });
    for (let n = 0; n < pkl.byteLength; n++) refused(pkl.subarray(0, n), /at byte \d+: /);
    refused(p(pkl, 'N'), /STOP at byte \d+: 1 bytes after STOP/);
  });

  it('memo misses, stack underflows, unbalanced MARKs', () => {
    refused(p(PROTO2, 'h', [5], '.'), /^BINGET at byte 2: memo 5 was never stored/);
    refused(p(PROTO2, 'j', u32(123456), '.'), /^LONG_BINGET at byte 2: memo 123456 was never stored/);
    refused(p(PROTO2, 'q', [0], '.'), /^BINPUT at byte 2: stack underflow/);
    refused(p(PROTO2, 'N(q', [0], '.'), /^BINPUT at byte 4: stack underflow/); // the MARK hides the None
    refused(p(PROTO2, [0x86], '.'), /^TUPLE2 at byte 2: stack underflow/);
    refused(p(PROTO2, '}Ns.'), /^SETITEM at byte 4: stack underflow/);
    refused(p(PROTO2, '}u.'), /^SETITEMS at byte 3: no MARK to pop to/);
    refused(p(PROTO2, '}(Nu.'), /^SETITEMS at byte 5: an odd number of items \(1\) to set/);
    refused(p(PROTO2, '}(]Nu.'), /a dict key must be a string, number, bool or None, not a list/);
    refused(p(PROTO2, 'N(Ns.'), /^SETITEM at byte 5: stack underflow/);
    refused(p(PROTO2, 'NNa.'), /^APPEND at byte 4: cannot append to None/);
    refused(p(PROTO2, '(N.'), /^STOP at byte 4: an unclosed MARK/);
    refused(p(PROTO2, 'NN.'), /^STOP at byte 4: the stack holds 2 values, not one/);
    refused(p(PROTO2, '.'), /^STOP at byte 2: the stack holds 0 values/);
  });

  it('deep MARK nesting is refused; deep tuple nesting costs no recursion', () => {
    refused(p(PROTO2, '('.repeat(100_000), '.'), /^MARK at byte 66: MARKs nested deeper than 64/);
    const deep = unpickle(p(PROTO2, ')', new Uint8Array(200_000).fill(0x85), '.'));
    let depth = 0;
    for (
      let v = deep;
      v !== null && typeof v === 'object' && v.kind === 'tuple' && v.items.length;
      v = v.items[0]!
    )
      depth++;
    expect(depth).toBe(200_000);
  });
});

describe('nothing can be run', () => {
  it('the readers hold no eval, Function, dynamic import or require', () => {
    for (const file of ['unpickle.ts', 'zip.ts', 'torch-bin.ts', 'byte-source.ts']) {
      const code = readFileSync(`src/weights/${file}`, 'utf8').replace(/\/\/.*$/gm, '');
      expect(code, file).not.toMatch(
        /\beval\s*\(|\bFunction\s*\(|\bimport\s*\(|\brequire\s*\(|setTimeout\s*\(\s*['"`]/,
      );
    }
  });
});
