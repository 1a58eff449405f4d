import { AudioFrame } from '@livekit/rtc-node';
import { power, rms } from './dominantFrequency';

/** A deterministic pseudo-random source (LCG) in [0, 1): the same signal every run. */
export function seeded(seed = 1): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Gaussian white noise of standard deviation `sigma`, `length` samples, from `seed`. */
export function whiteNoise(length: number, sigma: number, seed = 1): Float64Array {
  const random = seeded(seed);
  const out = new Float64Array(length);
  for (let i = 0; i < length; i++) {
    out[i] = sigma * Math.sqrt(-2 * Math.log(random() + 1e-12)) * Math.cos(2 * Math.PI * random());
  }
  return out;
}

/** Rounds and clamps a signal to int16 PCM. */
export function toPcm(signal: ArrayLike<number>): Int16Array {
  return Int16Array.from({ length: signal.length }, (_, i) =>
    Math.max(-32768, Math.min(32767, Math.round(signal[i] as number))),
  );
}

/** `count` samples of `f(i)`, i = 0, 1, ...: a signal built sample by sample. */
export function signal(count: number, f: (i: number) => number): Float64Array {
  return Float64Array.from({ length: count }, (_, i) => f(i));
}

/** Cuts mono PCM into frames of `samplesPerFrame` (the last one may be shorter). */
export function framesOf(pcm: Int16Array, sampleRate: number, samplesPerFrame: number) {
  const frames: AudioFrame[] = [];
  for (let at = 0; at < pcm.length; at += samplesPerFrame) {
    const data = pcm.slice(at, at + samplesPerFrame);
    frames.push(new AudioFrame(data, sampleRate, 1, data.length));
  }
  return frames;
}

/** RMS level in dB (relative to 1 LSB; differences between two levels are what matter). */
export function levelDb(samples: ArrayLike<number>): number {
  return 20 * Math.log10(rms(samples));
}

/** The amplitude of the `frequency` component in dB (Goertzel over the whole block). */
export function toneDb(samples: ArrayLike<number>, sampleRate: number, frequency: number): number {
  const amplitude =
    (2 * Math.sqrt(Math.max(0, power(samples, sampleRate, frequency)))) / samples.length;
  return 20 * Math.log10(amplitude);
}

/** Whether two PCM arrays hold the same samples (fast: jest's toEqual walks them one by one). */
export function samePcm(a: Int16Array, b: Int16Array): boolean {
  const bytes = (x: Int16Array) => Buffer.from(x.buffer, x.byteOffset, x.byteLength);
  return a.length === b.length && bytes(a).equals(bytes(b));
}
