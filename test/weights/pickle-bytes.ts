// Pickle bytes written by hand for the unpickler's tests, and the check that one is refused with a message.
import { expect } from 'vitest';
import { UnpickleError, unpickle } from '../../src/weights/unpickle';

export type Part = string | number[] | Uint8Array;

/** Pickle bytes from parts: strings as latin-1 (opcodes as their characters), arrays as bytes. */
export function p(...parts: Part[]): Uint8Array {
  const out: number[] = [];
  for (const part of parts) {
    if (typeof part === 'string') for (const c of part) out.push(c.charCodeAt(0) & 0xff);
    else for (const b of part) out.push(b);
  }
  return Uint8Array.from(out);
}
export const u32 = (n: number): number[] => [
  n & 0xff,
  (n >>> 8) & 0xff,
  (n >>> 16) & 0xff,
  (n >>> 24) & 0xff,
];
/** BINUNICODE s */
export const str = (s: string): Part[] => {
  const b = new TextEncoder().encode(s);
  return ['X', u32(b.length), b];
};
export const PROTO2 = [0x80, 2];

export function refused(bytes: Uint8Array, pattern: RegExp): void {
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
export const TENSOR: Part[] = [
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
