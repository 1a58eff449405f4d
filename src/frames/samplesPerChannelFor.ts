/**
 * The number of samples per channel in `durationMs` of audio at `sampleRate`, or `undefined`
 * when that is not a whole number (22.05 kHz has no whole 10 ms frame).
 *
 * ```text
 * samplesPerChannelFor(48000, 10)  ->  480
 * samplesPerChannelFor(22050, 10)  ->  undefined
 * ```
 *
 * @example
 * ```ts
 * import { samplesPerChannelFor } from 'livekit-rx';
 * const n = samplesPerChannelFor(16000, 20); // 320
 * ```
 *
 * @param sampleRate - Samples per second per channel.
 * @param durationMs - The duration in milliseconds.
 * @returns The whole sample count, or `undefined` if it is fractional or not positive.
 */
export function samplesPerChannelFor(sampleRate: number, durationMs: number): number | undefined {
  const exact = (sampleRate * durationMs) / 1000;
  const rounded = Math.round(exact);
  return rounded > 0 && Math.abs(exact - rounded) < 1e-9 ? rounded : undefined;
}
