/**
 * Splits interleaved PCM at a sample count per channel into two new arrays (each offset 0, own
 * buffer), so neither half is a view that rtc-node would misread.
 *
 * ```text
 * splitPcm([L0,R0,L1,R1,L2,R2], 1, 2)  ->  [ [L0,R0], [L1,R1,L2,R2] ]
 * ```
 *
 * @example
 * ```ts
 * import { splitPcm } from 'livekit-rx';
 * const [first10ms, rest] = splitPcm(frame.data, frame.sampleRate / 100, frame.channels);
 * ```
 *
 * @param data - Interleaved samples.
 * @param samplesPerChannel - Where to split, in samples per channel (clamped to the data).
 * @param numChannels - The channel count of `data` (default 1).
 * @returns `[head, tail]`: the first `samplesPerChannel` samples of every channel, then the rest.
 * @throws RangeError if `numChannels` is not a positive integer, `samplesPerChannel` is negative
 *   or fractional, or `data.length` is not a multiple of `numChannels`.
 */
export function splitPcm(
  data: Int16Array,
  samplesPerChannel: number,
  numChannels = 1,
): [Int16Array, Int16Array] {
  if (!Number.isInteger(numChannels) || numChannels < 1) {
    throw new RangeError(`splitPcm: numChannels must be a positive integer, got ${numChannels}`);
  }
  if (!Number.isInteger(samplesPerChannel) || samplesPerChannel < 0) {
    throw new RangeError(
      `splitPcm: samplesPerChannel must be a non-negative integer, got ${samplesPerChannel}`,
    );
  }
  if (data.length % numChannels !== 0) {
    throw new RangeError(
      `splitPcm: data.length ${data.length} is not a multiple of numChannels ${numChannels}`,
    );
  }
  const at = Math.min(samplesPerChannel * numChannels, data.length);
  return [data.slice(0, at), data.slice(at)];
}
