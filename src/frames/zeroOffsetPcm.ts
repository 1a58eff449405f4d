/**
 * Returns PCM that rtc-node reads correctly: the array itself if it starts at offset 0 of its
 * buffer, else a copy. rtc-node builds native pointers from `data.buffer` and ignores
 * `byteOffset`, so a `subarray` view would send the wrong samples.
 *
 * ```text
 * zeroOffsetPcm(view at byteOffset 0)  ->  the same array
 * zeroOffsetPcm(view at byteOffset 8)  ->  a copy at byteOffset 0
 * ```
 *
 * @example
 * ```ts
 * import { zeroOffsetPcm } from 'livekit-rx';
 * const safe = new AudioFrame(zeroOffsetPcm(pcm.subarray(480)), 48000, 1, 480);
 * ```
 *
 * @param data - Any `Int16Array`.
 * @returns `data` when `data.byteOffset === 0`, otherwise `data.slice()`.
 */
export function zeroOffsetPcm(data: Int16Array): Int16Array {
  return data.byteOffset === 0 ? data : data.slice();
}
