import { AudioFrame } from '@livekit/rtc-node';
import fc from 'fast-check';
import { combineFrames, concatPcm, FrameFormatError, rechunk } from 'livekit-rx';
import { testFrame } from 'livekit-rx/testing';
import { lastValueFrom, of, toArray } from 'rxjs';
import { testScheduler } from './scheduler';

// 1 kHz: 10 ms = 10 samples; ramps tell where every sample came from.
const f = (samplesPerChannel: number, start: number, numChannels = 1, sampleRate = 1000) =>
  testFrame({ samplesPerChannel, start, numChannels, sampleRate });

describe('combineFrames', () => {
  it('groups whole frames until a group holds at least durationMs, and flushes on complete', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const input = cold('-a-b-c-d-e-|', {
        a: f(10, 0),
        b: f(10, 10),
        c: f(15, 20),
        d: f(10, 35),
        e: f(10, 45),
      });
      expectObservable(input.pipe(combineFrames(20))).toBe('---x---y---(z|)', {
        x: f(20, 0),
        y: f(25, 20),
        z: f(10, 45),
      });
      expectSubscriptions(input.subscriptions).toBe('^----------!');
    });
  });

  it('groups by count, keeping stereo interleaved', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const input = cold('-a-b-c-d-|', {
        a: f(2, 0, 2),
        b: f(3, 4, 2),
        c: f(1, 10, 2),
        d: f(1, 12, 2),
      });
      expectObservable(input.pipe(combineFrames({ count: 3 }))).toBe('-----x---(y|)', {
        x: f(6, 0, 2),
        y: f(1, 12, 2),
      });
    });
  });

  it('emits what it has maxWaitMs after a group started, in virtual time', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const input = cold('-a-b------c-d-e-|', {
        a: f(10, 0),
        b: f(10, 10),
        c: f(10, 20),
        d: f(10, 30),
        e: f(10, 40),
      });
      // a starts a group at 1: emitted at 1 + 5 = 6 with b. c starts one at 10; c+d+e reach 30 ms.
      expectObservable(input.pipe(combineFrames({ durationMs: 30, maxWaitMs: 5 }))).toBe(
        '------x-------y-|',
        { x: f(20, 0), y: f(30, 20) },
      );
      // only a time bound: nothing is emitted while the input is idle
      expectObservable(input.pipe(combineFrames({ maxWaitMs: 3 }))).toBe('----x--------y--(z|)', {
        x: f(20, 0),
        y: f(20, 20),
        z: f(10, 40),
      });
    });
  });

  it('cancels its timer when the consumer unsubscribes', () => {
    testScheduler().run(({ hot, expectObservable, expectSubscriptions }) => {
      const input = hot('-a--------|', { a: f(10, 0) });
      expectObservable(input.pipe(combineFrames({ count: 5, maxWaitMs: 4 })), '^--!').toBe('');
      expectSubscriptions(input.subscriptions).toBe('^--!');
    });
  });

  it('ends with a FrameFormatError naming the frame whose format changed', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const input = cold('-a-b-c|', { a: f(10, 0), b: f(10, 10), c: f(10, 20, 1, 2000) });
      const error = new FrameFormatError(
        {
          operator: 'combineFrames',
          frameIndex: 2,
          problem: 'sample-rate',
          expected: 1000,
          actual: 2000,
        },
        'combineFrames needs one format per stream: resample or remix before it.',
      );
      expectObservable(input.pipe(combineFrames(30))).toBe('-----#', undefined, error);
      expectSubscriptions(input.subscriptions).toBe('^----!');
    });
  });

  it('rejects a frame with corrupt data and forwards upstream errors', async () => {
    const corrupt = new AudioFrame(new Int16Array(3), 1000, 2, 2);
    await expect(lastValueFrom(of(corrupt).pipe(combineFrames(10)))).rejects.toMatchObject({
      name: 'FrameFormatError',
      info: { operator: 'combineFrames', frameIndex: 0, problem: 'length', expected: 4, actual: 3 },
    });
    testScheduler().run(({ cold, expectObservable }) => {
      const input = cold('-a-#', { a: f(10, 0) }, new Error('boom'));
      expectObservable(input.pipe(combineFrames(20))).toBe('---#', undefined, new Error('boom'));
    });
  });

  it('passes a group of one frame through, copying only views, and emits nothing for empty input', async () => {
    const a = f(10, 0);
    const view = new AudioFrame(f(30, 0).data.subarray(10, 20), 1000, 1, 10);
    const out = await lastValueFrom(of(a, view).pipe(combineFrames({ count: 1 }), toArray()));
    expect(out[0]).toBe(a);
    expect(out[1]).toEqual(f(10, 10));
    expect(out[1]?.data.byteOffset).toBe(0);
    expect(await lastValueFrom(of<AudioFrame>().pipe(combineFrames(10), toArray()))).toEqual([]);
  });

  it('throws a RangeError at once for a missing or non-positive criterion', () => {
    expect(() => combineFrames({})).toThrow(
      new RangeError('combineFrames: give durationMs, count or maxWaitMs'),
    );
    expect(() => combineFrames(0)).toThrow(
      new RangeError('combineFrames: durationMs must be a positive number, got 0'),
    );
    expect(() => combineFrames({ count: 1.5 })).toThrow(
      new RangeError('combineFrames: count must be a positive integer, got 1.5'),
    );
    expect(() => combineFrames({ count: 2, maxWaitMs: -1 })).toThrow(RangeError);
  });

  it('property: rechunk then combineFrames preserves every sample, in order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 1, max: 2 }),
        async (sizes, chunkMs, groupMs, channels) => {
          let start = 0;
          const input = sizes.map((n) => {
            const frame = f(n, start, channels);
            start += n * channels;
            return frame;
          });
          const out = await lastValueFrom(
            of(...input).pipe(rechunk(chunkMs), combineFrames(groupMs), toArray()),
          );
          expect(concatPcm(out.map((o) => o.data))).toEqual(concatPcm(input.map((i) => i.data)));
          for (const o of out) expect(o.data.length).toBe(o.samplesPerChannel * channels);
        },
      ),
      { numRuns: 200 },
    );
  });
});
