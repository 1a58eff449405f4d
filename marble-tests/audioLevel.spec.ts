import { AudioFrame } from '@livekit/rtc-node';
import { audioLevel, FrameFormatError, sinePcm, type AudioLevel } from 'livekit-rx';
import { testFrame } from 'livekit-rx/testing';
import { lastValueFrom, of, toArray } from 'rxjs';
import { testScheduler } from './scheduler';

const frame = (v: number[], numChannels = 1) =>
  new AudioFrame(Int16Array.from(v), 1000, numChannels, v.length / numChannels);
const db = (x: number) => 20 * Math.log10(x / 32768);
const level = (rms: number, peak: number, startMs: number, durationMs: number): AudioLevel => ({
  rmsDb: db(rms),
  peakDb: db(peak),
  startMs,
  durationMs,
});

describe('audioLevel', () => {
  it('emits RMS and peak dBFS per window of audio, split exactly across frames', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      // 1 kHz, windowMs 2 = 2 samples. Frames of 3, 1 and 1 samples.
      const input = cold('-a-b-c-|', { a: frame([3, -4, 100]), b: frame([0]), c: frame([-8]) });
      expectObservable(input.pipe(audioLevel({ windowMs: 2 }))).toBe('-x-y---(z|)', {
        x: level(Math.sqrt(12.5), 4, 0, 2),
        y: level(Math.sqrt(5000), 100, 2, 2),
        z: level(8, 8, 4, 1),
      });
      expectSubscriptions(input.subscriptions).toBe('^------!');
    });
  });

  it('reports digital silence as -Infinity and full scale as 0 dBFS', async () => {
    const [silent, full] = await lastValueFrom(
      of(frame([0, 0]), frame([-32768, -32768])).pipe(audioLevel({ windowMs: 2 }), toArray()),
    );
    expect(silent).toEqual({ rmsDb: -Infinity, peakDb: -Infinity, startMs: 0, durationMs: 2 });
    expect(full).toEqual({ rmsDb: 0, peakDb: 0, startMs: 2, durationMs: 2 });
  });

  it('measures a full-scale sine at about -3 dB RMS, over every channel', async () => {
    const data = sinePcm({
      frequency: 1000,
      sampleRate: 48000,
      samplesPerChannel: 4800,
      amplitude: 32767,
      numChannels: 2,
    });
    const out = await lastValueFrom(
      of(new AudioFrame(data, 48000, 2, 4800)).pipe(audioLevel({ windowMs: 100 }), toArray()),
    );
    expect(out).toHaveLength(1);
    expect(out[0]?.rmsDb).toBeCloseTo(-3.01, 2);
    expect(out[0]?.peakDb).toBeCloseTo(0, 3);
  });

  it('defaults to 50 ms windows', async () => {
    const out = await lastValueFrom(
      of(testFrame({ samplesPerChannel: 4800, sampleRate: 48000 })).pipe(audioLevel(), toArray()),
    );
    expect(out.map((l) => [l.startMs, l.durationMs])).toEqual([
      [0, 50],
      [50, 50],
    ]);
  });

  it('ends with a FrameFormatError naming a frame whose format changed', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const input = cold('-a-b|', { a: frame([1, 1]), b: frame([1, 1], 2) });
      const error = new FrameFormatError(
        { operator: 'audioLevel', frameIndex: 1, problem: 'channels', expected: 1, actual: 2 },
        'audioLevel needs one format per stream: resample or remix before it.',
      );
      expectObservable(input.pipe(audioLevel({ windowMs: 2 }))).toBe(
        '-x-#',
        { x: level(1, 1, 0, 2) },
        error,
      );
      expectSubscriptions(input.subscriptions).toBe('^--!');
    });
  });

  it('rejects a window that is not a whole number of samples with a FrameFormatError', async () => {
    const err = await lastValueFrom(
      of(testFrame({ samplesPerChannel: 441, sampleRate: 22050 })).pipe(
        audioLevel({ windowMs: 10 }),
      ),
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FrameFormatError);
    expect((err as FrameFormatError).info).toEqual({
      operator: 'audioLevel',
      frameIndex: 0,
      problem: 'duration',
      expected: 10,
      actual: 22050,
    });
  });

  it('throws a RangeError at once for a window that is not positive', () => {
    expect(() => audioLevel({ windowMs: 0 })).toThrow(
      new RangeError('audioLevel: windowMs must be a positive number, got 0'),
    );
  });

  it('unsubscribes from its input when the consumer does, and forwards errors', () => {
    testScheduler().run(({ cold, hot, expectObservable, expectSubscriptions }) => {
      const input = hot('-a--a--a|', { a: frame([2, 2]) });
      expectObservable(input.pipe(audioLevel({ windowMs: 2 })), '^---!').toBe('-x--', {
        x: level(2, 2, 0, 2),
      });
      expectSubscriptions(input.subscriptions).toBe('^---!');
      const failing = cold('-a#', { a: frame([2]) }, new Error('boom'));
      expectObservable(failing.pipe(audioLevel({ windowMs: 2 }))).toBe(
        '--#',
        undefined,
        new Error('boom'),
      );
    });
  });
});
