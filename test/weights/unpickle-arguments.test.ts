// The restricted unpickler's argument checks, byte by byte: what _rebuild_tensor_v2, _rebuild_parameter, a
// persistent id and BUILD accept; huge lengths, truncations (of a real data.pkl too), memo misses, stack
// underflows and deep MARKs. Each throws an UnpickleError naming the opcode and its byte offset.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { memorySource } from '../../src/weights/byte-source';
import { unpickle } from '../../src/weights/unpickle';
import { readZipDirectory } from '../../src/weights/zip';
import { readEntry } from '../../src/weights/zip-entry';
import { PROTO2, TENSOR, p, refused, str, u32 } from './pickle-bytes';

describe('arguments, lengths and the stack', () => {
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
