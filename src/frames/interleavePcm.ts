/**
 * Interleaves planar channels (one array per channel, equal lengths) into one PCM array.
 *
 * ```text
 * interleavePcm([ [L0,L1], [R0,R1] ])  ->  [L0,R0,L1,R1]
 * ```
 *
 * @example
 * ```ts
 * import { interleavePcm } from 'livekit-rx';
 * const stereo = interleavePcm([left, right]);
 * ```
 *
 * @param channels - One array per channel, all the same length.
 * @returns A new interleaved array of `channels.length * channels[0].length` samples.
 * @throws RangeError if there are no channels or their lengths differ.
 */
export function interleavePcm(channels: readonly Int16Array[]): Int16Array {
  const n = channels.length;
  const first = channels[0];
  if (first === undefined) throw new RangeError('interleavePcm: no channels given');
  const len = first.length;
  channels.forEach((ch, c) => {
    if (ch.length !== len) {
      throw new RangeError(
        `interleavePcm: channel ${c} has ${ch.length} samples, channel 0 has ${len}`,
      );
    }
  });
  if (n === 1) return first.slice();
  const out = new Int16Array(len * n);
  for (let c = 0; c < n; c++) {
    const ch = channels[c] as Int16Array;
    for (let i = 0, j = c; i < len; i++, j += n) out[j] = ch[i] as number;
  }
  return out;
}
