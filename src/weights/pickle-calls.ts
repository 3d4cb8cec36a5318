// What REDUCE and BINPERSID may make in a torch state dict, and nothing else: an OrderedDict, a tensor record
// (_rebuild_tensor_v2), a parameter record (_rebuild_parameter), a storage record (a persistent id). Each
// check fails through the unpickler's `fail`, which names the opcode and its byte offset.
import {
  ALLOWED_GLOBALS,
  ORDERED_DICT,
  type PyGlobal,
  type PyTuple,
  type PyValue,
  REBUILD_PARAMETER,
  REBUILD_TENSOR,
  STORAGE_TYPES,
  type StorageRef,
  type TensorRef,
  describe,
  isInt,
  quoteName,
} from './pickle-values';

export type Fail = (problem: string) => never;

export function checkGlobal(module: string, name: string, fail: Fail): PyGlobal {
  const full = `${module} ${name}`;
  if (!ALLOWED_GLOBALS.has(full)) {
    fail(
      `the global ${quoteName(`${module}.${name}`)} is not allowed: a torch state dict needs only collections.OrderedDict, torch._utils._rebuild_tensor_v2, torch._utils._rebuild_parameter and torch's storage types`,
    );
  }
  return { kind: 'global', module, name };
}

function emptyHooks(v: PyValue | undefined, what: string, fail: Fail): void {
  if (v === undefined || v === null || typeof v !== 'object' || v.kind !== 'dict' || v.entries.size > 0) {
    fail(
      `${what}: backward_hooks must be an empty OrderedDict, got ${v === undefined ? 'nothing' : describe(v)}`,
    );
  }
}
function intTuple(v: PyValue | undefined, what: string, fail: Fail): number[] {
  if (v === undefined || v === null || typeof v !== 'object' || v.kind !== 'tuple') {
    fail(`${what} must be a tuple of integers, got ${v === undefined ? 'nothing' : describe(v)}`);
  }
  const items = (v as PyTuple).items;
  for (const x of items)
    if (!isInt(x) || x < 0) fail(`${what} must hold non-negative integers, got ${describe(x)}`);
  return items as number[];
}
export function callAllowed(fn: PyValue, args: PyValue, fail: Fail): PyValue {
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
    const shape = intTuple(size, `${what}: the size`, fail);
    const strides = intTuple(stride, `${what}: the stride`, fail);
    if (shape.length !== strides.length)
      fail(`${what}: size has ${shape.length} dims, stride ${strides.length}`);
    if (typeof requiresGrad !== 'boolean') fail(`${what}: requires_grad must be a bool`);
    emptyHooks(hooks, what, fail);
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
    emptyHooks(hooks, what, fail);
    return { ...(data as TensorRef), requiresGrad: requiresGrad as boolean, parameter: true };
  }
  return fail(
    `calling ${g.module}.${g.name} is not allowed (only OrderedDict, _rebuild_tensor_v2, _rebuild_parameter)`,
  );
}
export function persistentId(pid: PyValue, fail: Fail): StorageRef {
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
  if (!isInt(numel!) || (numel as number) < 0) fail("a persistent id's numel must be a non-negative integer");
  return {
    kind: 'storage',
    dtype: STORAGE_TYPES[(type as PyGlobal).name]!,
    key: key as string,
    location: location as string,
    numel: numel as number,
  };
}
