/**
 * Concatenates interleaved PCM chunks into one new `Int16Array` (offset 0, its own buffer).
 *
 * ```text
 * concatPcm([ [1,2], [3], [4,5] ])  ->  [1,2,3,4,5]
 * ```
 *
 * @example
 * ```ts
 * import { concatPcm } from 'livekit-rx';
 * const all = concatPcm(frames.map((f) => f.data));
 * ```
 *
 * @param chunks - The chunks, in order. Views (`subarray`) are fine: they are copied.
 * @returns A new array holding every sample of every chunk, in order.
 */
export function concatPcm(chunks: readonly Int16Array[]): Int16Array {
  let length = 0;
  for (const chunk of chunks) length += chunk.length;
  const out = new Int16Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}
