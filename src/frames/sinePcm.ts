/** Options of {@link sinePcm}. */
export interface SinePcmOptions {
  /** Frequency in Hz. */
  readonly frequency: number;
  /** Sample rate in Hz. */
  readonly sampleRate: number;
  /** Length in samples per channel. */
  readonly samplesPerChannel: number;
  /** Peak amplitude, 0..32767 (default 16384, about -6 dBFS). */
  readonly amplitude?: number;
  /** Channel count; every channel carries the same wave (default 1). */
  readonly numChannels?: number;
  /** Index of the first sample in the wave, so consecutive calls continue it (default 0). */
  readonly startSample?: number;
}

/**
 * Synthesises a sine wave as interleaved 16-bit PCM: a test tone, a fixture, a beep.
 *
 * ```text
 * sinePcm({ frequency: 440, sampleRate: 48000, samplesPerChannel: 480 })  ->  10 ms of A4
 * ```
 *
 * @example
 * ```ts
 * import { sinePcm } from 'livekit-rx';
 * const first10ms = sinePcm({ frequency: 440, sampleRate: 48000, samplesPerChannel: 480 });
 * const next10ms = sinePcm({ frequency: 440, sampleRate: 48000, samplesPerChannel: 480, startSample: 480 });
 * ```
 *
 * @param options - Frequency, rate, length, amplitude, channels, start sample.
 * @returns A new `Int16Array` of `samplesPerChannel * numChannels` samples.
 */
export function sinePcm(options: SinePcmOptions): Int16Array {
  const { frequency, sampleRate, samplesPerChannel } = options;
  const amplitude = options.amplitude ?? 16384;
  const numChannels = options.numChannels ?? 1;
  const start = options.startSample ?? 0;
  const out = new Int16Array(samplesPerChannel * numChannels);
  const w = (2 * Math.PI * frequency) / sampleRate;
  for (let i = 0; i < samplesPerChannel; i++) {
    const v = Math.round(amplitude * Math.sin(w * (start + i)));
    for (let c = 0; c < numChannels; c++) out[i * numChannels + c] = v;
  }
  return out;
}
