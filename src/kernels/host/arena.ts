// A first-fit allocator over a WebAssembly memory, for the kernel module's packed weights and scratch.

export const align = (bytes: number): number => (bytes + 15) & ~15;

/** First-fit allocation of 16-byte-aligned blocks in a module's memory past its data; grows the memory. */
export class Arena {
  private readonly free: { at: number; bytes: number }[] = [];
  private readonly base: number;
  private top: number;

  constructor(
    private readonly memory: WebAssembly.Memory,
    base: number,
  ) {
    this.base = align(base);
    this.top = this.base;
  }

  alloc(size: number): number {
    const bytes = align(Math.max(size, 1));
    const i = this.free.findIndex((b) => b.bytes >= bytes);
    if (i >= 0) {
      const block = this.free[i]!;
      const at = block.at;
      if (block.bytes === bytes) this.free.splice(i, 1);
      else Object.assign(block, { at: at + bytes, bytes: block.bytes - bytes });
      return at;
    }
    const at = this.top;
    this.top += bytes;
    const have = this.memory.buffer.byteLength;
    if (this.top > have) this.memory.grow(Math.ceil((this.top - have) / 65536));
    return at;
  }

  release(at: number, size: number): void {
    this.free.push({ at, bytes: align(Math.max(size, 1)) });
    this.free.sort((a, b) => a.at - b.at);
    for (let i = this.free.length - 1; i > 0; i--) {
      const prev = this.free[i - 1]!;
      const cur = this.free[i]!;
      if (prev.at + prev.bytes === cur.at) {
        prev.bytes += cur.bytes;
        this.free.splice(i, 1);
      }
    }
    const last = this.free[this.free.length - 1];
    if (last && last.at + last.bytes === this.top) {
      this.top = last.at;
      this.free.pop();
    }
  }

  /** Bytes in use, free blocks excluded. */
  get used(): number {
    return this.top - this.base - this.free.reduce((s, b) => s + b.bytes, 0);
  }
}
