import { AudioFrame } from '@livekit/rtc-node';
import { sinePcm } from 'livekit-rx';

/**
 * `count` consecutive frames of a continuous 440 Hz sine at 48 kHz: the benchmarks' common input.
 */
export function sineFrames(
  count: number,
  { frameMs = 10, numChannels = 1, amplitude = 16384 } = {},
): AudioFrame[] {
  const n = (48000 * frameMs) / 1000;
  return Array.from(
    { length: count },
    (_, i) =>
      new AudioFrame(
        sinePcm({
          frequency: 440,
          sampleRate: 48000,
          samplesPerChannel: n,
          numChannels,
          amplitude,
          startSample: i * n,
        }),
        48000,
        numChannels,
        n,
      ),
  );
}
