import { AudioFrame } from '@livekit/rtc-node';

/** Options of {@link testFrame}. */
export interface TestFrameOptions {
  /** Samples per channel. */
  readonly samplesPerChannel: number;
  /** Sample rate in Hz (default 48000). */
  readonly sampleRate?: number;
  /** Channel count (default 1). */
  readonly numChannels?: number;
  /**
   * The value of the first sample; each next sample (interleaved order) is one more, wrapping at
   * the int16 range (default 0). A ramp makes every sample tell where it came from.
   */
  readonly start?: number;
}

/**
 * Builds an `AudioFrame` filled with a ramp (`start, start+1, ...`), so a test can assert exactly
 * which input samples ended up in which output frame.
 *
 * ```text
 * testFrame({ samplesPerChannel: 3, start: 10 })  ->  AudioFrame [10, 11, 12] @ 48 kHz mono
 * ```
 *
 * @example
 * ```ts
 * import { testFrame } from 'livekit-rx/testing';
 * const a = testFrame({ samplesPerChannel: 480, start: 0 });   // 10 ms, samples 0..479
 * const b = testFrame({ samplesPerChannel: 480, start: 480 }); // the next 10 ms
 * ```
 *
 * @param options - Size, rate, channels, first value.
 * @returns A new frame whose data is at offset 0.
 */
export function testFrame(options: TestFrameOptions): AudioFrame {
  const sampleRate = options.sampleRate ?? 48000;
  const numChannels = options.numChannels ?? 1;
  const start = options.start ?? 0;
  const data = new Int16Array(options.samplesPerChannel * numChannels);
  for (let i = 0; i < data.length; i++)
    data[i] = ((((start + i + 32768) % 65536) + 65536) % 65536) - 32768;
  return new AudioFrame(data, sampleRate, numChannels, options.samplesPerChannel);
}
