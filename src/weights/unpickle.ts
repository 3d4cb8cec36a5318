// A restricted unpickler for torch.save's data.pkl: it reads a pickle of a state dict as plain data and never
// evaluates anything. It knows the opcodes torch (1.6 to 2.x, pickle protocol 2, and the few of protocols
// 3 to 5 a state dict may use) emits, and four kinds of global: collections.OrderedDict, torch._utils'
// _rebuild_tensor_v2 and _rebuild_parameter, and torch's typed storage classes. "Calling" one of those with
// REDUCE builds a plain object; a storage class is only ever named inside a persistent id. Any other opcode
// or global, a call of anything else, a malformed argument, a stack underflow, a memo miss, a truncated or
// absurd length, throws an UnpickleError naming the opcode (or global) and its byte offset.
//
// Over 300 lines: one opcode loop, a case per opcode, read top to bottom like the pickle it walks; the
// values and the allowed calls already live in pickle-values.ts and pickle-calls.ts.
//
// The work is bounded by the input: every opcode consumes at least one byte, values are shared by reference
// (no opcode copies a structure), MARK-delimited pops take items once, and nothing here recurses.
import { callAllowed, checkGlobal, persistentId } from './pickle-calls';
import {
  type DictKey,
  type PyDict,
  type PyList,
  type PyValue,
  UnpickleError,
  describe,
  opName,
} from './pickle-values';

export type { PyDict, PyValue, TensorRef, TorchDtype } from './pickle-values';
export { STORAGE_TYPES, UnpickleError } from './pickle-values';

/** Far deeper than torch's pickles go (3), far shallower than anything that could hurt. */
export const MAX_MARK_DEPTH = 64;
const MAX_GLOBAL_LINE = 256;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads a torch data.pkl as plain data. Throws UnpickleError for anything else; never runs anything.
 */
export function unpickle(bytes: Uint8Array): PyValue {
  const n = bytes.byteLength;
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let pos = 0;
  let stack: PyValue[] = [];
  const marks: PyValue[][] = [];
  const memo = new Map<number, PyValue>();
  let op = 0;
  let at = 0;

  const fail = (problem: string): never => {
    throw new UnpickleError(`${opName(op)} at byte ${at}: ${problem}`);
  };
  const need = (k: number, what: string): void => {
    if (pos + k > n) fail(`truncated: ${what} needs ${k} bytes, only ${n - pos} remain`);
  };
  const pop = (): PyValue => {
    if (stack.length === 0) fail('stack underflow');
    return stack.pop()!;
  };
  const top = (): PyValue => {
    if (stack.length === 0) fail('stack underflow');
    return stack[stack.length - 1]!;
  };
  const popMark = (): PyValue[] => {
    const items = stack;
    const outer = marks.pop();
    if (outer === undefined) fail('no MARK to pop to');
    stack = outer!;
    return items;
  };
  const text = (length: number): string => {
    if (length > n - pos)
      fail(`truncated or absurd length: a ${length}-byte string, only ${n - pos} bytes remain`);
    let s = '';
    try {
      s = utf8.decode(bytes.subarray(pos, pos + length));
    } catch {
      fail('the string is not valid UTF-8');
    }
    pos += length;
    return s;
  };
  const line = (): string => {
    const end = bytes.subarray(pos, Math.min(n, pos + MAX_GLOBAL_LINE + 1)).indexOf(0x0a);
    if (end < 0) fail(`no end of line within ${MAX_GLOBAL_LINE} bytes (truncated or absurd name)`);
    let s = '';
    try {
      s = utf8.decode(bytes.subarray(pos, pos + end));
    } catch {
      fail('the name is not valid UTF-8');
    }
    pos += end + 1;
    return s;
  };
  const setItem = (dict: PyValue, key: PyValue, value: PyValue): void => {
    if (dict === null || typeof dict !== 'object' || dict.kind !== 'dict')
      fail(`cannot set an item of ${describe(dict)}`);
    const isKey =
      key === null || typeof key === 'string' || typeof key === 'number' || typeof key === 'boolean';
    if (!isKey) fail(`a dict key must be a string, number, bool or None, not ${describe(key)}`);
    (dict as PyDict).entries.set(key as DictKey, value);
  };
  const list = (target: PyValue): PyList => {
    if (target === null || typeof target !== 'object' || target.kind !== 'list')
      fail(`cannot append to ${describe(target)}`);
    return target as PyList;
  };
  for (;;) {
    at = pos;
    if (pos >= n) {
      op = 0x2e;
      fail('truncated: the pickle ends before its STOP');
    }
    op = bytes[pos++]!;
    switch (op) {
      case 0x80: {
        // PROTO
        need(1, 'the protocol');
        const version = bytes[pos++]!;
        if (version < 2 || version > 5) fail(`protocol ${version} is not supported (2 to 5)`);
        break;
      }
      case 0x95: {
        // FRAME: framing only groups the opcodes that follow; its length must fit
        need(8, 'the frame length');
        const length = dv.getUint32(pos, true) + dv.getUint32(pos + 4, true) * 2 ** 32;
        pos += 8;
        if (length > n - pos) fail(`a frame of ${length} bytes, only ${n - pos} remain`);
        break;
      }
      case 0x2e: {
        // STOP
        if (marks.length > 0) fail('an unclosed MARK');
        if (stack.length !== 1) fail(`the stack holds ${stack.length} values, not one`);
        if (pos !== n) fail(`${n - pos} bytes after STOP`);
        return stack[0]!;
      }
      case 0x28: // MARK
        if (marks.length >= MAX_MARK_DEPTH) fail(`MARKs nested deeper than ${MAX_MARK_DEPTH}`);
        marks.push(stack);
        stack = [];
        break;
      case 0x7d: // EMPTY_DICT
        stack.push({ kind: 'dict', ordered: false, entries: new Map(), state: null });
        break;
      case 0x5d: // EMPTY_LIST
        stack.push({ kind: 'list', items: [] });
        break;
      case 0x29: // EMPTY_TUPLE
        stack.push({ kind: 'tuple', items: [] });
        break;
      case 0x58: {
        // BINUNICODE
        need(4, 'the length');
        const length = dv.getUint32(pos, true);
        pos += 4;
        stack.push(text(length));
        break;
      }
      case 0x8c: {
        // SHORT_BINUNICODE
        need(1, 'the length');
        const length = bytes[pos++]!;
        stack.push(text(length));
        break;
      }
      case 0x8d: {
        // BINUNICODE8
        need(8, 'the length');
        const length = dv.getUint32(pos, true) + dv.getUint32(pos + 4, true) * 2 ** 32;
        pos += 8;
        stack.push(text(length));
        break;
      }
      case 0x4a: // BININT
        need(4, 'the integer');
        stack.push(dv.getInt32(pos, true));
        pos += 4;
        break;
      case 0x4b: // BININT1
        need(1, 'the integer');
        stack.push(bytes[pos++]!);
        break;
      case 0x4d: // BININT2
        need(2, 'the integer');
        stack.push(dv.getUint16(pos, true));
        pos += 2;
        break;
      case 0x8a: {
        // LONG1: n little-endian two's complement bytes
        need(1, 'the length');
        const k = bytes[pos++]!;
        if (k > 8) fail(`a ${k}-byte integer is too large`);
        need(k, 'the integer');
        let v = 0n;
        for (let i = k - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[pos + i]!);
        if (k > 0 && bytes[pos + k - 1]! & 0x80) v -= 1n << BigInt(8 * k);
        pos += k;
        if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER)) {
          fail(`the integer ${v} is beyond 2^53`);
        }
        stack.push(Number(v));
        break;
      }
      case 0x47: // BINFLOAT (big-endian)
        need(8, 'the float');
        stack.push(dv.getFloat64(pos, false));
        pos += 8;
        break;
      case 0x4e: // NONE
        stack.push(null);
        break;
      case 0x88: // NEWTRUE
        stack.push(true);
        break;
      case 0x89: // NEWFALSE
        stack.push(false);
        break;
      case 0x74: // TUPLE
        {
          const items = popMark(); // before `stack.push` is looked up: popMark replaces `stack`
          stack.push({ kind: 'tuple', items });
        }
        break;
      case 0x85: {
        // TUPLE1
        const a = pop();
        stack.push({ kind: 'tuple', items: [a] });
        break;
      }
      case 0x86: {
        // TUPLE2
        const b = pop();
        const a = pop();
        stack.push({ kind: 'tuple', items: [a, b] });
        break;
      }
      case 0x87: {
        // TUPLE3
        const c = pop();
        const b = pop();
        const a = pop();
        stack.push({ kind: 'tuple', items: [a, b, c] });
        break;
      }
      case 0x71: // BINPUT
        need(1, 'the memo index');
        memo.set(bytes[pos++]!, top());
        break;
      case 0x72: // LONG_BINPUT
        need(4, 'the memo index');
        memo.set(dv.getUint32(pos, true), top());
        pos += 4;
        break;
      case 0x94: // MEMOIZE
        memo.set(memo.size, top());
        break;
      case 0x68:
      case 0x6a: {
        // BINGET, LONG_BINGET
        const wide = op === 0x6a;
        need(wide ? 4 : 1, 'the memo index');
        const index = wide ? dv.getUint32(pos, true) : bytes[pos]!;
        pos += wide ? 4 : 1;
        if (!memo.has(index)) fail(`memo ${index} was never stored`);
        stack.push(memo.get(index)!);
        break;
      }
      case 0x73: {
        // SETITEM
        const value = pop();
        const key = pop();
        setItem(top(), key, value);
        break;
      }
      case 0x75: {
        // SETITEMS
        const items = popMark();
        if (items.length % 2 !== 0) fail(`an odd number of items (${items.length}) to set`);
        const dict = top();
        for (let i = 0; i < items.length; i += 2) setItem(dict, items[i]!, items[i + 1]!);
        break;
      }
      case 0x61: {
        // APPEND
        const value = pop();
        list(top()).items.push(value);
        break;
      }
      case 0x65: {
        // APPENDS
        const items = popMark();
        const target = list(top());
        for (const v of items) target.items.push(v);
        break;
      }
      case 0x63: {
        // GLOBAL "module\nname\n"
        const module = line();
        const name = line();
        stack.push(checkGlobal(module, name, fail));
        break;
      }
      case 0x93: {
        // STACK_GLOBAL
        const name = pop();
        const module = pop();
        if (typeof module !== 'string' || typeof name !== 'string')
          fail('the module and name must be strings');
        stack.push(checkGlobal(module as string, name as string, fail));
        break;
      }
      case 0x52: {
        // REDUCE
        const args = pop();
        const fn = pop();
        stack.push(callAllowed(fn, args, fail));
        break;
      }
      case 0x62: {
        // BUILD: only torch's `_metadata` (a dict of attributes) set on a dict
        const state = pop();
        const inst = top();
        if (inst === null || typeof inst !== 'object' || inst.kind !== 'dict') {
          fail(
            `BUILD on ${describe(inst)} is not allowed (only on a dict, as torch sets a state dict's _metadata)`,
          );
        }
        if (state === null || typeof state !== 'object' || state.kind !== 'dict') {
          fail(`the state to BUILD with must be a dict of attributes, not ${describe(state)}`);
        }
        for (const k of (state as PyDict).entries.keys()) {
          if (typeof k !== 'string') fail('attribute names must be strings');
        }
        const target = inst as PyDict;
        if (target.state !== null) fail('BUILD on a dict twice');
        target.state = state as PyDict;
        break;
      }
      case 0x51: // BINPERSID
        stack.push(persistentId(pop(), fail));
        break;
      default:
        fail('this opcode is not allowed in a torch state dict');
    }
  }
}
