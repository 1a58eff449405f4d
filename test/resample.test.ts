import { AudioFrame, AudioResamplerQuality } from '@livekit/rtc-node';
import { concatPcm, FrameFormatError, resample } from 'livekit-rx';
import { testFrame } from 'livekit-rx/testing';
import { from, lastValueFrom, Subject, toArray } from 'rxjs';
import { dominantFrequency } from './helpers/dominantFrequency';
import { sineFrames } from './helpers/loopback';
import { ffiListenerCount, useNativeRuntime } from './helpers/native';

useNativeRuntime();

const run = (frames: AudioFrame[], rate: number, quality?: AudioResamplerQuality) =>
  lastValueFrom(
    from(frames).pipe(resample(rate, quality === undefined ? {} : { quality }), toArray()),
  );
const samples = (frames: AudioFrame[]) => frames.reduce((n, f) => n + f.samplesPerChannel, 0);

describe('resample on the native resampler', () => {
  it('converts 48 kHz to 16 kHz, flushing the tail on complete so no audio is lost', async () => {
    const out = await run(sineFrames(100), 16000);
    expect(out.every((f) => f.sampleRate === 16000 && f.channels === 1)).toBe(true);
    expect(out.every((f) => f.data.byteOffset === 0 && f.samplesPerChannel > 0)).toBe(true);
    expect(Math.abs(samples(out) - 16000)).toBeLessThanOrEqual(2);
    const pcm = concatPcm(out.map((f) => f.data));
    expect(Math.abs(dominantFrequency(pcm.subarray(160), 16000) - 440)).toBeLessThanOrEqual(1);
  });

  it('upsamples 16 kHz to 48 kHz at high quality', async () => {
    const out = await run(sineFrames(50, { sampleRate: 16000 }), 48000, AudioResamplerQuality.HIGH);
    expect(Math.abs(samples(out) - 24000)).toBeLessThanOrEqual(6);
    const pcm = concatPcm(out.map((f) => f.data));
    expect(Math.abs(dominantFrequency(pcm.subarray(480), 48000) - 440)).toBeLessThanOrEqual(1);
  });

  it('passes frames already at the target rate through untouched, opening no resampler', async () => {
    const input = sineFrames(3, { sampleRate: 16000 });
    const before = ffiListenerCount();
    const out = await run(input, 16000);
    expect(out).toHaveLength(3);
    out.forEach((f, i) => expect(f).toBe(input[i]));
    expect(ffiListenerCount()).toBe(before);
  });

  it('flushes and re-creates the resampler when the input rate changes mid-stream', async () => {
    const input = [
      ...sineFrames(50, { sampleRate: 48000 }),
      ...sineFrames(50, { sampleRate: 24000 }),
    ];
    const out = await run(input, 16000);
    // 0.5 s from each rate: 8000 + 8000 samples at 16 kHz, each part flushed whole.
    expect(Math.abs(samples(out) - 16000)).toBeLessThanOrEqual(4);
  });

  it('re-creates the resampler when the channel count changes, and passes a 16 kHz frame through', async () => {
    const stereo = testFrame({ samplesPerChannel: 480, numChannels: 2, sampleRate: 48000 });
    const at16k = testFrame({ samplesPerChannel: 160, sampleRate: 16000 });
    const out = await run([...sineFrames(10), stereo, at16k], 16000);
    expect(out.filter((f) => f.channels === 2).length).toBeGreaterThan(0);
    expect(out.at(-1)).toBe(at16k);
    expect(Math.abs(samples(out) - (1600 + 160 + 160))).toBeLessThanOrEqual(4);
  });

  // rtc-node's soxr resampler dithers its int16 output (it is created with flags 0), so two runs
  // over the same input differ by up to 2 LSB: compare within that, not bit for bit. A view read
  // from its buffer's start (rtc-node ignores byteOffset) would be off by thousands.
  it('resamples a subarray view like a copy of it (within the resampler dither)', async () => {
    const big = concatPcm(sineFrames(21).map((f) => f.data));
    const views = Array.from(
      { length: 20 },
      (_, i) => new AudioFrame(big.subarray(240 + i * 480, 240 + (i + 1) * 480), 48000, 1, 480),
    );
    const copies = views.map((v) => new AudioFrame(v.data.slice(), 48000, 1, 480));
    const a = concatPcm((await run(views, 16000)).map((f) => f.data));
    const b = concatPcm((await run(copies, 16000)).map((f) => f.data));
    expect(a.length).toBe(b.length);
    expect(Math.max(...a.map((v, i) => Math.abs(v - (b[i] as number))))).toBeLessThanOrEqual(2);
  });

  it('refuses a rate of 0 or NaN with a FrameFormatError before the native side sees it', async () => {
    // The native resampler refuses 0 Hz (a ResampleError, before the check) and never returns
    // for NaN (the process hung): neither reaches it now.
    for (const sampleRate of [0, NaN]) {
      const odd = testFrame({ samplesPerChannel: 10, sampleRate });
      const err = await run([odd], 16000).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(FrameFormatError);
      expect((err as FrameFormatError).info).toEqual({
        operator: 'resample',
        frameIndex: 0,
        problem: 'invalid-sample-rate',
        expected: 384000,
        actual: sampleRate,
      });
    }
  });

  it('closes the resampler when unsubscribed mid-stream', async () => {
    const input = new Subject<AudioFrame>();
    const got: AudioFrame[] = [];
    const sub = input.pipe(resample(16000)).subscribe((f) => got.push(f));
    for (const f of sineFrames(5)) input.next(f);
    sub.unsubscribe();
    expect(input.observed).toBe(false);
    expect(got.length).toBeGreaterThan(0);
  });

  it('throws a RangeError at once for a target rate that is not 1 to 384000 whole Hz', () => {
    expect(() => resample(0)).toThrow(
      new RangeError('resample: sampleRate must be a whole number of Hz from 1 to 384000, got 0'),
    );
    expect(() => resample(44100.5)).toThrow(RangeError);
    expect(() => resample(2 ** 31)).toThrow(RangeError);
  });
});
