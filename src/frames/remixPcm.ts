/**
 * Changes the channel count of interleaved PCM. Upmixing repeats the input channels in turn (mono
 * to stereo copies the one channel to both; stereo to 4 channels gives L R L R). Downmixing
 * averages: output channel `j` is the mean of the input channels `i` with `i % to === j` (so any
 * count to mono averages all channels, and quad FL FR RL RR to stereo gives (FL+RL)/2, (FR+RR)/2),
 * rounded to the nearest integer with halves away from zero, so negating the input negates the
 * output. Mono -> stereo -> mono gives back the input exactly. Always a new array at offset 0.
 *
 * ```text
 * remixPcm([1, 2], 1, 2)           ->  [1, 1, 2, 2]
 * remixPcm([1, 2, -3, -4], 2, 1)   ->  [2, -4]      (1.5 -> 2, -3.5 -> -4)
 * ```
 *
 * @example
 * ```ts
 * import { remixPcm } from 'livekit-rx';
 * const mono = remixPcm(stereoFrame.data, 2, 1);
 * ```
 *
 * @param data - Interleaved samples with `from` channels (a view is fine).
 * @param from - The input channel count.
 * @param to - The output channel count.
 * @returns A new array of `(data.length / from) * to` samples.
 * @throws RangeError if a channel count is not a positive integer or `from` does not divide
 *   `data.length`.
 */
export function remixPcm(data: Int16Array, from: number, to: number): Int16Array {
  for (const [name, n] of [
    ['from', from],
    ['to', to],
  ] as const) {
    if (!Number.isInteger(n) || n < 1) {
      throw new RangeError(`remixPcm: ${name} must be a positive integer, got ${n}`);
    }
  }
  if (data.length % from !== 0) {
    throw new RangeError(`remixPcm: data.length ${data.length} is not a multiple of ${from}`);
  }
  const frames = data.length / from;
  const out = new Int16Array(frames * to);
  if (from <= to) {
    for (let f = 0, i = 0, o = 0; f < frames; f++, i += from)
      for (let c = 0; c < to; c++) out[o++] = data[i + (c % from)] as number;
    return out;
  }
  for (let j = 0; j < to; j++) {
    // Channels j, j+to, j+2*to ... of the input fold into output channel j.
    const count = Math.floor((from - 1 - j) / to) + 1;
    for (let f = 0; f < frames; f++) {
      let sum = 0;
      for (let i = f * from + j, end = (f + 1) * from; i < end; i += to) sum += data[i] as number;
      const mean = sum / count;
      out[f * to + j] = mean < 0 ? -Math.round(-mean) : Math.round(mean);
    }
  }
  return out;
}
