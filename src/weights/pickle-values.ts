// The values a restricted unpickle builds (plain data: tuples, lists, dicts, the allowed globals, storage and
// tensor records), its error, the allowed globals' names, and the opcode names its messages use.
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

export const ORDERED_DICT = 'collections OrderedDict';
export const REBUILD_TENSOR = 'torch._utils _rebuild_tensor_v2';
export const REBUILD_PARAMETER = 'torch._utils _rebuild_parameter';
export const ALLOWED_GLOBALS = new Set([
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

export function opName(op: number): string {
  return OPCODE_NAMES[op] ?? `0x${op.toString(16).padStart(2, '0')}`;
}

export function describe(v: PyValue): string {
  if (v === null) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return `the number ${v}`;
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 60 ? v.slice(0, 60) + '…' : v)}`;
  if (v.kind === 'global') return `the global ${v.module}.${v.name}`;
  if (v.kind === 'storage') return `a storage (persistent id ${v.key})`;
  return `a ${v.kind}`;
}

export function quoteName(s: string): string {
  return JSON.stringify(s.length > 100 ? s.slice(0, 100) + '…' : s);
}

export function isInt(v: PyValue): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v);
}
