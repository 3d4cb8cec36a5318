// A restricted unpickler for torch.save's data.pkl: it reads a pickle of a state dict as plain data and never
// evaluates anything. It knows the opcodes torch (1.6 to 2.x, pickle protocol 2, and the few of protocols
// 3 to 5 a state dict may use) emits, and four kinds of global: collections.OrderedDict, torch._utils'
// _rebuild_tensor_v2 and _rebuild_parameter, and torch's typed storage classes. "Calling" one of those with
// REDUCE builds a plain object; a storage class is only ever named inside a persistent id. Any other opcode
// or global, a call of anything else, a malformed argument, a stack underflow, a memo miss, a truncated or
// absurd length, throws an UnpickleError naming the opcode (or global) and its byte offset.
//
// The work is bounded by the input: every opcode consumes at least one byte, values are shared by reference
// (no opcode copies a structure), MARK-delimited pops take items once, and nothing here recurses.

import { CheckpointError } from '../clip/safetensors';

/** A malformed pickle, or one that asks for anything beyond plain data. A CheckpointError too. */
export class UnpickleError extends CheckpointError {
  override name = 'UnpickleError';
}

export type TorchDtype = 'F32' | 'F16' | 'BF16' | 'F64' | 'I64' | 'I32' | 'I16' | 'I8' | 'U8' | 'BOOL';

/** torch's typed storage classes and what each holds. */
export const STORAGE_TYPES: Record<string, TorchDtype> = {
  FloatStorage: 'F32',
  HalfStorage: 'F16',
  BFloat16Storage: 'BF16',
  DoubleStorage: 'F64',
  LongStorage: 'I64',
  IntStorage: 'I32',
  ShortStorage: 'I16',
  CharStorage: 'I8',
  ByteStorage: 'U8',
  BoolStorage: 'BOOL',
};

export interface PyTuple {
  kind: 'tuple';
  items: PyValue[];
}
export interface PyList {
  kind: 'list';
  items: PyValue[];
}
export type DictKey = string | number | boolean | null;
export interface PyDict {
  kind: 'dict';
  /** An OrderedDict (built by REDUCE) rather than a {} literal. */
  ordered: boolean;
  entries: Map<DictKey, PyValue>;
  /** The attributes BUILD set (torch's state dicts carry `_metadata`), or null. */
  state: PyDict | null;
}
export interface PyGlobal {
  kind: 'global';
  module: string;
  name: string;
}
/** A persistent id ('storage', StorageType, key, location, numel): a record of the archive's data/ folder. */
export interface StorageRef {
  kind: 'storage';
  dtype: TorchDtype;
  key: string;
  location: string;
  /** Elements of dtype. */
  numel: number;
}
/** What torch._utils._rebuild_tensor_v2 would have built. */
export interface TensorRef {
  kind: 'tensor';
  storage: StorageRef;
  storageOffset: number;
  shape: number[];
  stride: number[];
  requiresGrad: boolean;
  /** Built by _rebuild_parameter (an nn.Parameter) rather than a plain tensor. */
  parameter: boolean;
}
export type PyValue =
  null | boolean | number | string | PyTuple | PyList | PyDict | PyGlobal | StorageRef | TensorRef;

const ORDERED_DICT = 'collections OrderedDict';
const REBUILD_TENSOR = 'torch._utils _rebuild_tensor_v2';
const REBUILD_PARAMETER = 'torch._utils _rebuild_parameter';
const ALLOWED_GLOBALS = new Set([
  ORDERED_DICT,
  REBUILD_TENSOR,
  REBUILD_PARAMETER,
  ...Object.keys(STORAGE_TYPES).map((s) => `torch ${s}`),
]);

/** Every pickle opcode's name, for messages about the ones refused. */
const OPCODE_NAMES: Record<number, string> = {
  0x28: 'MARK',
  0x2e: 'STOP',
  0x30: 'POP',
  0x31: 'POP_MARK',
  0x32: 'DUP',
  0x46: 'FLOAT',
  0x49: 'INT',
  0x4a: 'BININT',
  0x4b: 'BININT1',
  0x4c: 'LONG',
  0x4d: 'BININT2',
  0x4e: 'NONE',
  0x50: 'PERSID',
  0x51: 'BINPERSID',
  0x52: 'REDUCE',
  0x53: 'STRING',
  0x54: 'BINSTRING',
  0x55: 'SHORT_BINSTRING',
  0x56: 'UNICODE',
  0x58: 'BINUNICODE',
  0x61: 'APPEND',
  0x62: 'BUILD',
  0x63: 'GLOBAL',
  0x64: 'DICT',
  0x7d: 'EMPTY_DICT',
  0x65: 'APPENDS',
  0x67: 'GET',
  0x68: 'BINGET',
  0x69: 'INST',
  0x6a: 'LONG_BINGET',
  0x6c: 'LIST',
  0x5d: 'EMPTY_LIST',
  0x6f: 'OBJ',
  0x70: 'PUT',
  0x71: 'BINPUT',
  0x72: 'LONG_BINPUT',
  0x73: 'SETITEM',
  0x74: 'TUPLE',
  0x29: 'EMPTY_TUPLE',
  0x75: 'SETITEMS',
  0x47: 'BINFLOAT',
  0x80: 'PROTO',
  0x81: 'NEWOBJ',
  0x82: 'EXT1',
  0x83: 'EXT2',
  0x84: 'EXT4',
  0x85: 'TUPLE1',
  0x86: 'TUPLE2',
  0x87: 'TUPLE3',
  0x88: 'NEWTRUE',
  0x89: 'NEWFALSE',
  0x8a: 'LONG1',
  0x8b: 'LONG4',
  0x42: 'BINBYTES',
  0x43: 'SHORT_BINBYTES',
  0x8c: 'SHORT_BINUNICODE',
  0x8d: 'BINUNICODE8',
  0x8e: 'BINBYTES8',
  0x8f: 'EMPTY_SET',
  0x90: 'ADDITEMS',
  0x91: 'FROZENSET',
  0x92: 'NEWOBJ_EX',
  0x93: 'STACK_GLOBAL',
  0x94: 'MEMOIZE',
  0x95: 'FRAME',
  0x96: 'BYTEARRAY8',
  0x97: 'NEXT_BUFFER',
  0x98: 'READONLY_BUFFER',
};

/** Far deeper than torch's pickles go (3), far shallower than anything that could hurt. */
export const MAX_MARK_DEPTH = 64;
const MAX_GLOBAL_LINE = 256;

function opName(op: number): string {
  return OPCODE_NAMES[op] ?? `0x${op.toString(16).padStart(2, '0')}`;
}

function describe(v: PyValue): string {
  if (v === null) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return `the number ${v}`;
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 60 ? v.slice(0, 60) + '…' : v)}`;
  if (v.kind === 'global') return `the global ${v.module}.${v.name}`;
  if (v.kind === 'storage') return `a storage (persistent id ${v.key})`;
  return `a ${v.kind}`;
}

function quoteName(s: string): string {
  return JSON.stringify(s.length > 100 ? s.slice(0, 100) + '…' : s);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function isInt(v: PyValue): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v);
}

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
  const global = (module: string, name: string): PyGlobal => {
    const full = `${module} ${name}`;
    if (!ALLOWED_GLOBALS.has(full)) {
      fail(
        `the global ${quoteName(`${module}.${name}`)} is not allowed: a torch state dict needs only collections.OrderedDict, torch._utils._rebuild_tensor_v2, torch._utils._rebuild_parameter and torch's storage types`,
      );
    }
    return { kind: 'global', module, name };
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
  const emptyHooks = (v: PyValue | undefined, what: string): void => {
    if (v === undefined || v === null || typeof v !== 'object' || v.kind !== 'dict' || v.entries.size > 0) {
      fail(
        `${what}: backward_hooks must be an empty OrderedDict, got ${v === undefined ? 'nothing' : describe(v)}`,
      );
    }
  };
  const intTuple = (v: PyValue | undefined, what: string): number[] => {
    if (v === undefined || v === null || typeof v !== 'object' || v.kind !== 'tuple') {
      fail(`${what} must be a tuple of integers, got ${v === undefined ? 'nothing' : describe(v)}`);
    }
    const items = (v as PyTuple).items;
    for (const x of items)
      if (!isInt(x) || x < 0) fail(`${what} must hold non-negative integers, got ${describe(x)}`);
    return items as number[];
  };
  const call = (fn: PyValue, args: PyValue): PyValue => {
    if (fn === null || typeof fn !== 'object' || fn.kind !== 'global') fail(`cannot call ${describe(fn)}`);
    if (args === null || typeof args !== 'object' || args.kind !== 'tuple') {
      fail(`the arguments must be a tuple, not ${describe(args)}`);
    }
    const g = fn as PyGlobal;
    const a = (args as PyTuple).items;
    const full = `${g.module} ${g.name}`;
    if (full === ORDERED_DICT) {
      if (a.length > 0) fail(`collections.OrderedDict may only be called with no arguments, got ${a.length}`);
      return { kind: 'dict', ordered: true, entries: new Map(), state: null };
    }
    if (full === REBUILD_TENSOR) {
      const what = '_rebuild_tensor_v2';
      if (a.length !== 6 && a.length !== 7) fail(`${what} takes 6 or 7 arguments, got ${a.length}`);
      const [storage, offset, size, stride, requiresGrad, hooks, metadata] = a;
      if (storage === null || typeof storage !== 'object' || storage.kind !== 'storage') {
        fail(`${what}: the first argument must be a storage (a persistent id), got ${describe(storage!)}`);
      }
      if (!isInt(offset!) || (offset as number) < 0)
        fail(`${what}: the storage offset must be a non-negative integer`);
      const shape = intTuple(size, `${what}: the size`);
      const strides = intTuple(stride, `${what}: the stride`);
      if (shape.length !== strides.length)
        fail(`${what}: size has ${shape.length} dims, stride ${strides.length}`);
      if (typeof requiresGrad !== 'boolean') fail(`${what}: requires_grad must be a bool`);
      emptyHooks(hooks, what);
      if (
        metadata !== undefined &&
        metadata !== null &&
        (typeof metadata !== 'object' || metadata.kind !== 'dict')
      ) {
        fail(`${what}: the metadata must be a dict or None, got ${describe(metadata)}`);
      }
      return {
        kind: 'tensor',
        storage: storage as StorageRef,
        storageOffset: offset as number,
        shape: [...shape],
        stride: [...strides],
        requiresGrad: requiresGrad as boolean,
        parameter: false,
      };
    }
    if (full === REBUILD_PARAMETER) {
      const what = '_rebuild_parameter';
      if (a.length !== 3) fail(`${what} takes 3 arguments, got ${a.length}`);
      const [data, requiresGrad, hooks] = a;
      if (data === null || typeof data !== 'object' || data.kind !== 'tensor') {
        fail(`${what}: the data must be a tensor, got ${describe(data!)}`);
      }
      if (typeof requiresGrad !== 'boolean') fail(`${what}: requires_grad must be a bool`);
      emptyHooks(hooks, what);
      return { ...(data as TensorRef), requiresGrad: requiresGrad as boolean, parameter: true };
    }
    return fail(
      `calling ${g.module}.${g.name} is not allowed (only OrderedDict, _rebuild_tensor_v2, _rebuild_parameter)`,
    );
  };
  const persistent = (pid: PyValue): StorageRef => {
    if (pid === null || typeof pid !== 'object' || pid.kind !== 'tuple' || pid.items.length !== 5) {
      fail(`a persistent id must be the tuple ('storage', type, key, location, numel), got ${describe(pid)}`);
    }
    const [tag, type, key, location, numel] = (pid as PyTuple).items;
    if (tag !== 'storage') fail(`a persistent id must start with 'storage', got ${describe(tag!)}`);
    if (
      type === null ||
      typeof type !== 'object' ||
      type.kind !== 'global' ||
      type.module !== 'torch' ||
      !(type.name in STORAGE_TYPES)
    ) {
      fail(`a persistent id's type must be a torch storage type, got ${describe(type!)}`);
    }
    if (typeof key !== 'string' || key.length === 0 || key.length > 256)
      fail("a persistent id's key must be a short string");
    if (typeof location !== 'string' || location.length > 256)
      fail("a persistent id's location must be a short string");
    if (!isInt(numel!) || (numel as number) < 0)
      fail("a persistent id's numel must be a non-negative integer");
    return {
      kind: 'storage',
      dtype: STORAGE_TYPES[(type as PyGlobal).name]!,
      key: key as string,
      location: location as string,
      numel: numel as number,
    };
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
        stack.push(global(module, name));
        break;
      }
      case 0x93: {
        // STACK_GLOBAL
        const name = pop();
        const module = pop();
        if (typeof module !== 'string' || typeof name !== 'string')
          fail('the module and name must be strings');
        stack.push(global(module as string, name as string));
        break;
      }
      case 0x52: {
        // REDUCE
        const args = pop();
        const fn = pop();
        stack.push(call(fn, args));
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
        stack.push(persistent(pop()));
        break;
      default:
        fail('this opcode is not allowed in a torch state dict');
    }
  }
}
