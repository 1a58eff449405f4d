import { AudioFrame } from '@livekit/rtc-node';
import { FrameFormatError, rechunk } from 'livekit-rx';
import { testFrame } from 'livekit-rx/testing';
import { lastValueFrom, of, toArray } from 'rxjs';
import { testScheduler } from './scheduler';

// 1 kHz mono: 10 ms = 10 samples, and ramp data tells where every sample came from.
const f = (samplesPerChannel: number, start: number, numChannels = 1, sampleRate = 1000) =>
  testFrame({ samplesPerChannel, start, numChannels, sampleRate });

describe('rechunk', () => {
  it('regroups 15 + 15 + 5 ms into exact 10 ms frames and emits the remainder on complete', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const input = cold('--a---b---c--|', { a: f(15, 0), b: f(15, 15), c: f(5, 30) });
      const expected = '  --x---(yz)---(w|)';
      expectObservable(input.pipe(rechunk(10))).toBe(expected, {
        x: f(10, 0),
        y: f(10, 10),
        z: f(10, 20),
        w: f(5, 30),
      });
      expectSubscriptions(input.subscriptions).toBe('^------------!');
    });
  });

  it('zero-pads the remainder to a full frame with remainder: pad', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const input = cold('-a-|', { a: f(13, 100) });
      const padded = new Int16Array(10);
      padded.set([110, 111, 112]);
      expectObservable(input.pipe(rechunk(10, { remainder: 'pad' }))).toBe('-x-(y|)', {
        x: f(10, 100),
        y: new AudioFrame(padded, 1000, 1, 10),
      });
    });
  });

  it('drops the remainder with remainder: drop, and emits nothing for an empty stream', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('-a-|', { a: f(13, 0) }).pipe(rechunk(10, { remainder: 'drop' }))).toBe(
        '-x-|',
        { x: f(10, 0) },
      );
      expectObservable(cold<AudioFrame>('--|').pipe(rechunk(10))).toBe('--|');
    });
  });

  it('keeps stereo samples interleaved across frame boundaries', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      // 7 + 7 samples per channel of stereo -> one 10-sample-per-channel frame + 4 left.
      const input = cold('ab|', { a: f(7, 0, 2), b: f(7, 14, 2) });
      expectObservable(input.pipe(rechunk(10))).toBe('-x(y|)', {
        x: f(10, 0, 2),
        y: f(4, 20, 2),
      });
    });
  });

  it('combines small frames (2 ms each) into one 10 ms frame', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const input = cold('abcde|', {
        a: f(2, 0),
        b: f(2, 2),
        c: f(2, 4),
        d: f(2, 6),
        e: f(2, 8),
      });
      expectObservable(input.pipe(rechunk(10))).toBe('----x|', { x: f(10, 0) });
    });
  });

  it('passes a frame of exactly the right size through without copying its samples', async () => {
    const a = f(10, 0);
    const [out] = await lastValueFrom(of(a).pipe(rechunk(10), toArray()));
    expect(out?.data).toBe(a.data);
  });

  it('copies views into frames at offset 0, since rtc-node ignores byteOffset', async () => {
    const big = f(30, 0);
    const view = new AudioFrame(big.data.subarray(5, 25), 1000, 1, 20);
    const out = await lastValueFrom(of(view).pipe(rechunk(10), toArray()));
    expect(out.map((o) => o.data.byteOffset)).toEqual([0, 0]);
    expect(out).toEqual([f(10, 5), f(10, 15)]);
  });

  it('errors with a FrameFormatError naming the frame when the sample rate changes', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const input = cold('-a-b-c|', { a: f(10, 0), b: f(10, 10, 1, 2000), c: f(10, 20) });
      const error = new FrameFormatError(
        {
          operator: 'rechunk',
          frameIndex: 1,
          problem: 'sample-rate',
          expected: 1000,
          actual: 2000,
        },
        'rechunk needs one format per stream: resample or remix before rechunk.',
      );
      expectObservable(input.pipe(rechunk(10))).toBe('-x-#', { x: f(10, 0) }, error);
      expectSubscriptions(input.subscriptions).toBe('^--!');
    });
  });

  it('says which frame changed its channel count, what it had and what was expected', async () => {
    const input = of(f(10, 0), f(10, 0), f(5, 0, 2));
    await expect(lastValueFrom(input.pipe(rechunk(10)))).rejects.toMatchObject({
      name: 'FrameFormatError',
      info: { operator: 'rechunk', frameIndex: 2, problem: 'channels', expected: 1, actual: 2 },
      message:
        'rechunk: frame 2 has 2 channel(s), expected 1. ' +
        'rechunk needs one format per stream: resample or remix before rechunk.',
    });
  });

  it('rejects a frame whose data is shorter than samplesPerChannel * channels', async () => {
    const corrupt = new AudioFrame(new Int16Array(7), 1000, 1, 10);
    const err = await lastValueFrom(of(corrupt).pipe(rechunk(10))).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FrameFormatError);
    expect((err as FrameFormatError).info).toEqual({
      operator: 'rechunk',
      frameIndex: 0,
      problem: 'length',
      expected: 10,
      actual: 7,
    });
  });

  it('rejects a duration that is not a whole number of samples at the stream rate', async () => {
    const frame = testFrame({ samplesPerChannel: 441, sampleRate: 22050 });
    const err = await lastValueFrom(of(frame).pipe(rechunk(10))).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FrameFormatError);
    expect((err as Error).message).toBe(
      'rechunk: frame 0 has sample rate 22050 Hz, at which 10 ms is not a whole number of ' +
        'samples. Choose a duration that divides the rate, or resample first.',
    );
  });

  it('throws a RangeError at once for a duration that is not positive', () => {
    expect(() => rechunk(0)).toThrow(
      new RangeError('rechunk: durationMs must be a positive number, got 0'),
    );
    expect(() => rechunk(Number.NaN)).toThrow(RangeError);
    expect(() => rechunk(Infinity)).toThrow(RangeError);
  });

  it('forwards an upstream error and drops what it held', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const input = cold('-a-#', { a: f(15, 0) }, new Error('boom'));
      expectObservable(input.pipe(rechunk(10))).toBe('-x-#', { x: f(10, 0) }, new Error('boom'));
    });
  });

  it('unsubscribes from its source when the consumer unsubscribes', () => {
    testScheduler().run(({ hot, expectObservable, expectSubscriptions }) => {
      const input = hot('-a--b--c--|', { a: f(10, 0), b: f(10, 10), c: f(10, 20) });
      expectObservable(input.pipe(rechunk(10)), '^----!').toBe('-a--b', {
        a: f(10, 0),
        b: f(10, 10),
      });
      expectSubscriptions(input.subscriptions).toBe('^----!');
    });
  });

  it('keeps state per subscription: two subscribers each get every sample', async () => {
    const chunked = of(f(15, 0), f(5, 15)).pipe(rechunk(10));
    const [one, two] = await Promise.all([
      lastValueFrom(chunked.pipe(toArray())),
      lastValueFrom(chunked.pipe(toArray())),
    ]);
    expect(one).toEqual([f(10, 0), f(10, 10)]);
    expect(two).toEqual(one);
  });
});
