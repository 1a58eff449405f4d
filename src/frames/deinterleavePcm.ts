/**
 * Splits interleaved PCM into planar channels (one new array per channel).
 *
 * ```text
 * deinterleavePcm([L0,R0,L1,R1], 2)  ->  [ [L0,L1], [R0,R1] ]
 * ```
 *
 * @example
 * ```ts
 * import { deinterleavePcm } from 'livekit-rx';
 * const [left, right] = deinterleavePcm(frame.data, 2);
 * ```
 *
 * @param data - Interleaved samples.
 * @param numChannels - The channel count.
 * @returns `numChannels` arrays of `data.length / numChannels` samples.
 * @throws RangeError if `numChannels` is not a positive integer or does not divide `data.length`.
 */
export function deinterleavePcm(data: Int16Array, numChannels: number): Int16Array[] {
  if (!Number.isInteger(numChannels) || numChannels < 1) {
    throw new RangeError(
      `deinterleavePcm: numChannels must be a positive integer, got ${numChannels}`,
    );
  }
  if (data.length % numChannels !== 0) {
    throw new RangeError(
      `deinterleavePcm: data.length ${data.length} is not a multiple of numChannels ${numChannels}`,
    );
  }
  const len = data.length / numChannels;
  const out: Int16Array[] = [];
  for (let c = 0; c < numChannels; c++) {
    const ch = new Int16Array(len);
    for (let i = 0, j = c; i < len; i++, j += numChannels) ch[i] = data[j] as number;
    out.push(ch);
  }
  return out;
}
