import { AudioFrame } from '@livekit/rtc-node';
import { concatPcm, resample, sinePcm } from 'livekit-rx';
import { from, lastValueFrom, toArray } from 'rxjs';
import { rms } from './helpers/dominantFrequency';
import { useNativeRuntime } from './helpers/native';

useNativeRuntime();

const RATES = [8000, 16000, 24000, 44100, 48000];
const AMPLITUDE = 10000;

/** One second of a continuous sine in 10 ms frames (441 samples each at 44.1 kHz). */
function sineSecond(sampleRate: number, frequency: number): AudioFrame[] {
  const n = sampleRate / 100;
  return Array.from(
    { length: 100 },
    (_, i) =>
      new AudioFrame(
        sinePcm({
          frequency,
          sampleRate,
          samplesPerChannel: n,
          amplitude: AMPLITUDE,
          startSample: i * n,
        }),
        sampleRate,
        1,
        n,
      ),
  );
}

/** Resamples one second of sine; returns the output PCM between its first and last 50 ms. */
async function resampled(inRate: number, outRate: number, frequency: number) {
  const out = await lastValueFrom(
    from(sineSecond(inRate, frequency)).pipe(resample(outRate), toArray()),
  );
  expect(out.every((f) => f.sampleRate === outRate && f.channels === 1)).toBe(true);
  const pcm = concatPcm(out.map((f) => f.data));
  // Skip the filter's run-in and the flushed tail.
  return { length: pcm.length, steady: pcm.subarray(outRate / 20, pcm.length - outRate / 20) };
}

/**
 * The frequency from upward zero crossings, each placed between its two samples by linear
 * interpolation: (crossings - 1) periods between the first and the last.
 */
function zeroCrossingFrequency(samples: Int16Array, sampleRate: number): number {
  const crossings: number[] = [];
  for (let i = 1; i < samples.length; i++) {
    const a = samples[i - 1] as number;
    const b = samples[i] as number;
    if (a < 0 && b >= 0) crossings.push(i - 1 + -a / (b - a));
  }
  const first = crossings[0] as number;
  const last = crossings.at(-1) as number;
  return ((crossings.length - 1) * sampleRate) / (last - first);
}

/** The RMS level relative to the input sine's, in dB. */
const levelDb = (samples: Int16Array) => 20 * Math.log10((rms(samples) * Math.SQRT2) / AMPLITUDE);

const pairs = RATES.flatMap((a) => RATES.filter((b) => b !== a).map((b) => [a, b] as const));

// Tolerances, and what was measured (rtc-node 1.1.0, soxr MEDIUM, which dithers its output):
// - 1 kHz: frequency within 0.01 Hz (measured <= 0.00003 Hz), level within 0.05 dB (<= 0.0002 dB),
//   and exactly one second out for one second in;
// - a sine at 40% of the lower rate (near the passband edge: 3.2 kHz for 8 kHz, 17.64 kHz for
//   44.1 kHz): frequency within 0.1 Hz (<= 0.08 Hz: zero crossings are only a few samples apart
//   there), level within 0.2 dB (<= 0.11 dB, at 48 -> 44.1 kHz);
// - downsampling, a sine between the two Nyquist frequencies (6 kHz for 16 -> 8 kHz, 23.025 kHz
//   for 48 -> 44.1 kHz): below -60 dB (measured -81.9 to -83.0 dB: the dither noise floor).
describe('resample quality across 8, 16, 24, 44.1 and 48 kHz (every pair)', () => {
  it.each(pairs)(
    '%i Hz -> %i Hz: a 1 kHz sine keeps frequency, amplitude and duration',
    async (inRate, outRate) => {
      const { length, steady } = await resampled(inRate, outRate, 1000);
      expect(length).toBe(outRate); // one second in, one second out, to the sample
      expect(Math.abs(zeroCrossingFrequency(steady, outRate) - 1000)).toBeLessThan(0.01);
      expect(Math.abs(levelDb(steady))).toBeLessThan(0.05);
    },
  );

  it.each(pairs)(
    '%i Hz -> %i Hz: a sine at 40%% of the lower rate keeps frequency and amplitude',
    async (inRate, outRate) => {
      const frequency = Math.round(0.4 * Math.min(inRate, outRate));
      const { steady } = await resampled(inRate, outRate, frequency);
      expect(Math.abs(zeroCrossingFrequency(steady, outRate) - frequency)).toBeLessThan(0.1);
      expect(Math.abs(levelDb(steady))).toBeLessThan(0.2);
    },
  );

  it.each(pairs.filter(([a, b]) => b < a))(
    '%i Hz -> %i Hz: a sine above the new Nyquist frequency is filtered out',
    async (inRate, outRate) => {
      const frequency = Math.round((inRate + outRate) / 4); // between the two Nyquist frequencies
      const { steady } = await resampled(inRate, outRate, frequency);
      expect(levelDb(steady)).toBeLessThan(-60);
    },
  );
});
