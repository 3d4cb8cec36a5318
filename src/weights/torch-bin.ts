// PyTorch checkpoints (torch.save since 1.6: a ZIP archive, e.g. the Hugging Face hub's pytorch_model.bin)
// read without evaluating anything. The archive's one top folder (`pytorch_model/`, `archive/`, ...) holds
// data.pkl, a pickle of the state dict whose tensors name their storages by key, and data/<key>, each
// storage's raw little-endian bytes, stored uncompressed. readTorchIndex reads the central directory and
// data.pkl (through the restricted unpickler) and checks every tensor against its storage; readTorchTensor
// reads one tensor's bytes; readTorchCheckpoint does both for a file in memory and returns what
// readSafetensors returns.
import { applyScales } from '../clip/quantize';
import { type Checkpoint, CheckpointError, type Dtype, type TensorEntry } from '../clip/safetensors';
import { type ByteSource, memorySource } from './byte-source';
import { type PyDict, type PyValue, type TensorRef, type TorchDtype, unpickle } from './unpickle';
import { ELEMENT_BYTES, numelOf, spanOf, viewValues } from './torch-decode';
import { resolveDataOffsets } from './torch-headers';
import { type ZipDirectory, type ZipEntry, ZipError, readZipDirectory } from './zip';
import { checkStored, crc32, readEntry } from './zip-entry';

export type { TorchDtype } from './unpickle';

export interface TorchStorage {
  /** The key in data.pkl's persistent ids; its bytes are the archive entry `<prefix>/data/<key>`. */
  key: string;
  dtype: TorchDtype;
  /** Elements of dtype. */
  numel: number;
  /** Byte length (numel × the element size). */
  bytes: number;
  /** The archive entry (its local header offset, sizes, ...). */
  entry: ZipEntry;
  /** Absolute byte offset of the storage's first byte in the file (from the entry's local header). */
  dataOffset: number;
}

export interface TorchTensorEntry {
  dtype: TorchDtype;
  shape: number[];
  /** In elements. */
  stride: number[];
  /** In elements of dtype from the storage's start. */
  storageOffset: number;
  /** Shared by every tensor viewing it (q, k and v cut from one in_proj, say). */
  storage: TorchStorage;
}

export type TorchIndex = Map<string, TorchTensorEntry>;

/** data.pkl of ViT-L/14 is ~100 KB; a bigger pickle than this is not a state dict. */
export const MAX_PICKLE_BYTES = 64 * 1024 * 1024;

/** The first bytes of the legacy (pre-1.6) format: PROTO 2, LONG1 of torch's magic number 0x1950a86a20f9469cfc6c. */
const LEGACY_MAGIC = [0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19];
const LEGACY_MESSAGE =
  "PyTorch's legacy (pre-1.6) format is not supported; re-save with torch >= 1.6 (torch.save)";

/** What the first bytes of a file say it is: a ZIP (torch.save >= 1.6), torch's legacy format, or neither. */
export function sniffTorch(head: Uint8Array): 'zip' | 'legacy' | null {
  if (head.byteLength >= 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04)
    return 'zip';
  if (head.byteLength >= LEGACY_MAGIC.length && LEGACY_MAGIC.every((b, i) => head[i] === b)) return 'legacy';
  return null;
}

/** The archive's top folder with its data.pkl, as torch's reader finds it, or a CheckpointError saying why not. */
function findPrefix(dir: ZipDirectory): string {
  const candidates = dir.entries
    .filter((e) => /^[^/]+\/data\.pkl$/.test(e.name))
    .map((e) => e.name.slice(0, -8));
  if (candidates.length === 0) {
    const some = dir.entries.slice(0, 5).map((e) => JSON.stringify(e.name));
    throw new CheckpointError(
      `a ZIP archive but not a PyTorch checkpoint: no <folder>/data.pkl among its ${dir.entries.length} entries${some.length ? ` (${some.join(', ')}${dir.entries.length > 5 ? ', …' : ''})` : ''}`,
    );
  }
  const first = dir.entries[0]!.name;
  const prefix = candidates.find((p) => first.startsWith(p)) ?? candidates[0]!;
  if (
    dir.byName.has(`${prefix}constants.pkl`) ||
    dir.entries.some((e) => e.name.startsWith(`${prefix}code/`))
  ) {
    throw new CheckpointError(
      "a TorchScript archive (torch.jit.save, as OpenAI's original .pt files are), not a torch.save state dict: not supported; use the Hugging Face pytorch_model.bin or a safetensors file",
    );
  }
  return prefix;
}

function isDict(v: PyValue | undefined): v is PyDict {
  return v !== null && v !== undefined && typeof v === 'object' && v.kind === 'dict';
}

function isTensor(v: PyValue | undefined): v is TensorRef {
  return v !== null && v !== undefined && typeof v === 'object' && v.kind === 'tensor';
}

function describeValue(v: PyValue): string {
  if (v === null) return 'None';
  if (typeof v !== 'object') return `a ${typeof v}`;
  return `a ${v.kind}`;
}

/**
 * The tensors of a torch checkpoint's state dict with where their bytes are, in the state dict's order.
 * Reads the central directory (for a torch file one read of its last 64 KiB; at most three), data.pkl
 * (usually one read), `<prefix>/byteorder` where torch >= 2.1 wrote one, and the storages' local headers
 * (which alone say where each storage's data starts: the central directory does not have their extra
 * fields; torch-headers.ts): headers less than HEADER_GAP apart share one read, up to HEADER_PARALLEL reads
 * at a time, so a storage of more than HEADER_GAP bytes costs one small read and smaller ones come nearly free
 * (hf-tiny-clip-a: 7 reads in all; a ViT-B/32-shaped fp32 file of 605 MB and 398 storages: 152 reads, 1 MB).
 * A top-level {"state_dict": {...}} (open_clip's training checkpoints) is unwrapped.
 */
export async function readTorchIndex(source: ByteSource, signal?: AbortSignal): Promise<TorchIndex> {
  let dir: ZipDirectory;
  try {
    dir = await readZipDirectory(source, signal);
  } catch (err) {
    // Only when it is not a ZIP: a look at the first bytes to say what it is instead.
    if (err instanceof ZipError && source.size >= LEGACY_MAGIC.length) {
      const head = await source.read(0, LEGACY_MAGIC.length, signal);
      if (sniffTorch(head) === 'legacy') throw new CheckpointError(LEGACY_MESSAGE);
    }
    throw err;
  }
  const prefix = findPrefix(dir);

  const byteorder = dir.byName.get(`${prefix}byteorder`);
  if (byteorder) {
    if (byteorder.size > 16)
      throw new CheckpointError(`${byteorder.name} is ${byteorder.size} bytes, not "little" or "big"`);
    const { bytes } = await readEntry(source, byteorder, { signal });
    const order = new TextDecoder().decode(bytes).trim();
    if (order !== 'little') {
      throw new CheckpointError(
        `the checkpoint's byte order is "${order}"; only little-endian checkpoints are supported`,
      );
    }
  }

  const pklEntry = dir.byName.get(`${prefix}data.pkl`)!;
  if (pklEntry.size > MAX_PICKLE_BYTES) {
    throw new CheckpointError(
      `${pklEntry.name} is ${pklEntry.size} bytes; over ${MAX_PICKLE_BYTES} is not a state dict`,
    );
  }
  const { bytes: pkl } = await readEntry(source, pklEntry, { signal });
  if (crc32(pkl) !== pklEntry.crc32)
    throw new ZipError(`${pklEntry.name} is corrupt: its CRC-32 does not match`);

  const root = unpickle(pkl);
  if (!isDict(root))
    throw new CheckpointError(`${pklEntry.name} holds ${describeValue(root)}, not a state dict`);
  const inner = root.entries.get('state_dict');
  const dict = isDict(inner) ? inner : root;

  const storages = new Map<string, TorchStorage>();
  const index: TorchIndex = new Map();
  for (const [name, value] of dict.entries) {
    if (typeof name !== 'string')
      throw new CheckpointError(`the state dict has a key that is not a string: ${String(name)}`);
    if (!isTensor(value)) {
      throw new CheckpointError(`state dict entry "${name}" is ${describeValue(value)}, not a tensor`);
    }
    const ref = value.storage;
    let storage = storages.get(ref.key);
    if (!storage) {
      const entry = dir.byName.get(`${prefix}data/${ref.key}`);
      if (!entry)
        throw new CheckpointError(
          `tensor "${name}": its storage ${ref.key} has no entry ${prefix}data/${ref.key}`,
        );
      checkStored(entry);
      const bytes = ref.numel * ELEMENT_BYTES[ref.dtype];
      if (entry.size !== bytes) {
        throw new CheckpointError(
          `storage ${ref.key} should hold ${ref.numel} ${ref.dtype} (${bytes} bytes) but ${entry.name} has ${entry.size}`,
        );
      }
      storage = { key: ref.key, dtype: ref.dtype, numel: ref.numel, bytes, entry, dataOffset: -1 };
      storages.set(ref.key, storage);
    } else if (storage.dtype !== ref.dtype || storage.numel !== ref.numel) {
      throw new CheckpointError(
        `tensor "${name}": storage ${ref.key} is named as ${ref.numel} ${ref.dtype} here and ${storage.numel} ${storage.dtype} elsewhere`,
      );
    }
    checkFits(name, value, storage);
    index.set(name, {
      dtype: ref.dtype,
      shape: value.shape,
      stride: value.stride,
      storageOffset: value.storageOffset,
      storage,
    });
  }

  await resolveDataOffsets(source, dir, [...storages.values()], signal);
  return index;
}

/** The most elements a view may have beyond its storage's own (a broadcast, stride 0). */
const MAX_BROADCAST = 1 << 20;

function checkFits(name: string, t: TensorRef, storage: TorchStorage): void {
  const numel = numelOf(t.shape);
  const at = `tensor "${name}" (shape [${t.shape.join(', ')}], stride [${t.stride.join(', ')}], offset ${t.storageOffset})`;
  // A view may repeat elements (stride 0: a broadcast) but not absurdly: at most its storage's count or 2^20.
  if (!Number.isSafeInteger(numel) || numel > Math.max(storage.numel, MAX_BROADCAST)) {
    throw new CheckpointError(`${at} has an absurd number of elements for its storage of ${storage.numel}`);
  }
  if (numel === 0) {
    if (t.storageOffset > storage.numel)
      throw new CheckpointError(`${at} starts past its storage of ${storage.numel}`);
    return;
  }
  const last = t.storageOffset + spanOf(t.shape, t.stride);
  if (!Number.isSafeInteger(last) || last >= storage.numel) {
    throw new CheckpointError(`${at} does not fit its storage ${storage.key} of ${storage.numel} elements`);
  }
}

/**
 * One tensor's values in C order as float32 (F16, BF16 and F64 converted; integers as numbers). One read of
 * just the bytes its view spans within its storage; non-contiguous views (a transposed matrix) are gathered
 * by stride.
 */
export async function readTorchTensor(
  source: ByteSource,
  tensor: TorchTensorEntry,
  signal?: AbortSignal,
): Promise<Float32Array> {
  const { shape, stride, storageOffset, storage, dtype } = tensor;
  const numel = numelOf(shape);
  if (numel === 0) return new Float32Array(0);
  const size = ELEMENT_BYTES[dtype];
  const span = spanOf(shape, stride);
  const { bytes } = await readEntry(source, storage.entry, {
    start: storageOffset * size,
    end: (storageOffset + span + 1) * size,
    dataOffset: storage.dataOffset < 0 ? undefined : storage.dataOffset,
    signal,
  });
  return viewValues(dtype, bytes, shape, stride);
}

/** Integer index buffers some Hugging Face files store (I64 `position_ids`): no weights, skipped as readSafetensors does. */
const INDEX_BUFFER = /(^|\.)position_ids$/;
const INDEX_DTYPES = new Set<TorchDtype>(['I64', 'I32', 'U8', 'BOOL']);

/**
 * A whole torch checkpoint in memory as readSafetensors returns a safetensors file: F32, F16 and BF16 tensors
 * with their dtype, F64 ones converted and reported as F32, I8 ones (with "<name>:scale" companions
 * dequantised, as readSafetensors does), integer `position_ids` buffers skipped; metadata is empty.
 * Anything else throws a CheckpointError (ZipError and UnpickleError are CheckpointErrors) naming it.
 */
export async function readTorchCheckpoint(bytes: Uint8Array): Promise<Checkpoint> {
  if (sniffTorch(bytes.subarray(0, LEGACY_MAGIC.length)) === 'legacy')
    throw new CheckpointError(LEGACY_MESSAGE);
  const source = memorySource(bytes);
  const index = await readTorchIndex(source);
  const tensors = new Map<string, TensorEntry>();
  for (const [name, info] of index) {
    if (INDEX_BUFFER.test(name) && INDEX_DTYPES.has(info.dtype)) continue;
    let dtype: Dtype;
    if (info.dtype === 'F32' || info.dtype === 'F16' || info.dtype === 'BF16' || info.dtype === 'I8')
      dtype = info.dtype;
    else if (info.dtype === 'F64') dtype = 'F32';
    else {
      throw new CheckpointError(
        `tensor "${name}" has unsupported dtype ${info.dtype} (supported: F32, F16, BF16, F64, I8)`,
      );
    }
    tensors.set(name, { dtype, shape: [...info.shape], data: await readTorchTensor(source, info) });
  }
  try {
    applyScales(tensors);
  } catch (err) {
    throw new CheckpointError((err as Error).message);
  }
  return { tensors, metadata: {} };
}
