/**
 * Multiplies interleaved PCM by a linear factor with saturating 16-bit math: each sample is
 * rounded to the nearest integer (halves away from zero) and clamped to [-32768, 32767], never
 * wrapped. Returns a new array at offset 0.
 *
 * ```text
 * gainPcm([100, -100, 30000], 2)  ->  [200, -200, 32767]   (clamped, not wrapped)
 * gainPcm([3, -3], 0.5)           ->  [2, -2]              (1.5 rounds away from zero)
 * ```
 *
 * @example
 * ```ts
 * import { gainPcm } from 'livekit-rx';
 * const quieter = gainPcm(frame.data, 10 ** (-6 / 20)); // -6 dB
 * ```
 *
 * @param data - Interleaved samples (a view is fine).
 * @param factor - The linear gain: 1 keeps the level, 0.5 is about -6 dB, -1 inverts the phase.
 * @returns A new array of `data.length` samples.
 * @throws RangeError if `factor` is not a finite number.
 */
export function gainPcm(data: Int16Array, factor: number): Int16Array {
  if (!Number.isFinite(factor)) {
    throw new RangeError(`gainPcm: factor must be a finite number, got ${factor}`);
  }
  const out = new Int16Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const x = (data[i] as number) * factor;
    const v = x < 0 ? -Math.round(-x) : Math.round(x);
    out[i] = v > 32767 ? 32767 : v < -32768 ? -32768 : v;
  }
  return out;
}
