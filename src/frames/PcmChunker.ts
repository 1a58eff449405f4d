/**
 * Regroups a stream of interleaved PCM pieces of any size into chunks of exactly
 * `chunkLength` samples (all channels counted). Pure and allocation-light: each input sample is
 * copied once, straight into the chunk it belongs to; every chunk is a new array at offset 0.
 * Input that already is exactly one chunk and starts a chunk is handed back without copying.
 *
 * ```text
 * chunkLength 4:  push([1,2,3]) -> []   push([4,5,6,7,8,9]) -> [[1,2,3,4],[5,6,7,8]]
 *                 flush()       -> [9]  (the remainder, or [9,0,0,0] with pad)
 * ```
 *
 * @example
 * ```ts
 * import { PcmChunker } from 'livekit-rx';
 * const chunker = new PcmChunker(480); // 10 ms of 48 kHz mono
 * for (const piece of pieces) for (const chunk of chunker.push(piece)) send(chunk);
 * const rest = chunker.flush(false);
 * ```
 */
export class PcmChunker {
  /** The chunk size, in samples (all channels counted). */
  readonly chunkLength: number;
  #buf: Int16Array | undefined;
  #fill = 0;

  /**
   * @param chunkLength - Samples per chunk, all channels counted: a positive integer.
   * @throws RangeError if `chunkLength` is not a positive integer.
   */
  constructor(chunkLength: number) {
    if (!Number.isInteger(chunkLength) || chunkLength < 1) {
      throw new RangeError(
        `PcmChunker: chunkLength must be a positive integer, got ${chunkLength}`,
      );
    }
    this.chunkLength = chunkLength;
  }

  /** Samples held back, waiting for the rest of their chunk. */
  get pending(): number {
    return this.#fill;
  }

  /**
   * Adds samples; returns the chunks they complete, in order.
   * @param data - Interleaved samples (a view is fine: it is copied or passed through whole).
   */
  push(data: Int16Array): Int16Array[] {
    const size = this.chunkLength;
    const out: Int16Array[] = [];
    let pos = 0;
    // Fast path: a whole chunk-sized input with nothing pending is already a chunk.
    if (this.#fill === 0 && data.length === size && data.byteOffset === 0) return [data];
    while (pos < data.length) {
      if (this.#fill === 0 && data.length - pos >= size) {
        out.push(data.slice(pos, pos + size));
        pos += size;
        continue;
      }
      const buf = (this.#buf ??= new Int16Array(size));
      const n = Math.min(size - this.#fill, data.length - pos);
      buf.set(data.subarray(pos, pos + n), this.#fill);
      this.#fill += n;
      pos += n;
      if (this.#fill === size) {
        out.push(buf);
        this.#buf = undefined;
        this.#fill = 0;
      }
    }
    return out;
  }

  /**
   * Returns what is pending and resets: the short remainder, or a full chunk zero-padded at the
   * end when `pad` is true; `undefined` when nothing is pending.
   * @param pad - Zero-pad the remainder to a full chunk.
   */
  flush(pad: boolean): Int16Array | undefined {
    const buf = this.#buf;
    const fill = this.#fill;
    this.#buf = undefined;
    this.#fill = 0;
    if (buf === undefined || fill === 0) return undefined;
    return pad ? buf : buf.slice(0, fill);
  }
}
