// Incremental parser base: feeds chunks of a file, keeps only the bytes of the element being read
// and skips payloads it does not need, so a video never has to sit in memory whole.

export type Step = { consume: number; skip?: number } | null;

export function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

export abstract class ChunkParser {
  private pending: Uint8Array = new Uint8Array(0);
  private skipLeft = 0;
  /** total bytes pushed so far */
  protected offset = 0;
  /** set to a Chinese message when the bytes are not a valid file of this kind */
  protected error: string | null = null;
  /** set when nothing more needs reading */
  protected done = false;

  push(chunk: Uint8Array): void {
    this.offset += chunk.length;
    if (this.error || this.done) return;
    let c = chunk;
    if (this.skipLeft > 0) {
      const n = Math.min(this.skipLeft, c.length);
      this.skipLeft -= n;
      c = c.subarray(n);
      if (c.length === 0) return;
    }
    this.pending = concatBytes(this.pending, c);
    let off = 0;
    while (!this.error && !this.done && off < this.pending.length) {
      const r = this.step(this.pending.subarray(off));
      if (!r) break; // needs more bytes
      off += r.consume;
      if (r.skip) {
        const n = Math.min(r.skip, this.pending.length - off);
        off += n;
        this.skipLeft = r.skip - n;
        if (this.skipLeft > 0) break;
      }
    }
    this.pending = this.pending.slice(off);
  }

  /** File offset of the next byte needed, when between elements (null when mid-element). */
  get nextOffset(): number | null {
    return this.pending.length === 0 && !this.error && !this.done ? this.offset + this.skipLeft : null;
  }

  /** Continue at `offset` of the file (only at a `nextOffset`; the bytes before it are not needed). */
  seek(offset: number): void {
    this.offset = offset;
    this.skipLeft = 0;
  }

  /** bytes left over that did not form a whole element (a truncated file) */
  protected get leftover(): number {
    return this.pending.length + this.skipLeft;
  }

  /** Parses one element header (and its content if needed) at the start of `buf`. */
  protected abstract step(buf: Uint8Array): Step;
}
