import { AudioFrame } from '@livekit/rtc-node';
import fc from 'fast-check';
import { FrameFormatError, gain, gainPcm, type GainLevel } from 'livekit-rx';
import { lastValueFrom, of, Subject, toArray } from 'rxjs';
import { testScheduler } from './scheduler';

const pcm = (...v: number[]) => Int16Array.from(v);
const frame = (...v: number[]) => new AudioFrame(pcm(...v), 1000, 1, v.length);

describe('gainPcm', () => {
  it('rounds halves away from zero and clamps instead of wrapping', () => {
    expect(gainPcm(pcm(3, -3, 1, -1), 0.5)).toEqual(pcm(2, -2, 1, -1));
    expect(gainPcm(pcm(100, -100, 30000, -30000), 2)).toEqual(pcm(200, -200, 32767, -32768));
    expect(gainPcm(pcm(-32768, 32767), -1)).toEqual(pcm(32767, -32767));
    expect(gainPcm(pcm(5, -5), 0)).toEqual(pcm(0, 0));
  });

  it('throws a RangeError for a factor that is not finite', () => {
    expect(() => gainPcm(pcm(1), Number.NaN)).toThrow(
      new RangeError('gainPcm: factor must be a finite number, got NaN'),
    );
  });

  it('property: every output sample is the clamped, rounded product (never wraps)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -32768, max: 32767 }), { maxLength: 64 }),
        fc.double({ min: -100, max: 100, noNaN: true }),
        (samples, factor) => {
          const out = gainPcm(Int16Array.from(samples), factor);
          samples.forEach((s, i) => {
            const exact = s * factor;
            const want = Math.max(
              -32768,
              Math.min(32767, Math.sign(exact) * Math.round(Math.abs(exact))),
            );
            expect(out[i]).toBe(want === 0 ? 0 : want);
          });
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('gain', () => {
  it('applies a linear factor to every frame and completes with its input', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const input = cold('-a-b-|', { a: frame(100, -200), b: frame(30000, 7) });
      expectObservable(input.pipe(gain(2))).toBe('-x-y-|', {
        x: frame(200, -400),
        y: frame(32767, 14),
      });
      expectSubscriptions(input.subscriptions).toBe('^----!');
    });
  });

  it('takes decibels: { db: -6 } is a factor of 10^(-6/20), { db: -Infinity } mutes', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const input = cold('-a|', { a: frame(10000, -10000) });
      expectObservable(input.pipe(gain({ db: -6 }))).toBe('-x|', { x: frame(5012, -5012) });
      expectObservable(input.pipe(gain({ db: -Infinity }))).toBe('-x|', { x: frame(0, 0) });
      expectObservable(input.pipe(gain({ db: 20 }))).toBe('-x|', { x: frame(32767, -32768) });
    });
  });

  it('passes frames before the first level unchanged, then follows the level$', () => {
    testScheduler().run(({ cold, hot, expectObservable, expectSubscriptions }) => {
      const level$ = hot<GainLevel>('---l----m--', { l: 0.5, m: { db: 0 } });
      const input = cold('-a--b--c--d|', {
        a: frame(100),
        b: frame(100),
        c: frame(100),
        d: frame(100),
      });
      expectObservable(input.pipe(gain(level$))).toBe('-a--b--c--d|', {
        a: frame(100),
        b: frame(50),
        c: frame(50),
        d: frame(100),
      });
      expectSubscriptions(level$.subscriptions).toBe('^----------!');
    });
  });

  it('ends the stream with the error of level$, and with a RangeError for a bad level', () => {
    testScheduler().run(({ cold, hot, expectObservable, expectSubscriptions }) => {
      const input = cold('-a--b--|', { a: frame(1), b: frame(1) });
      const failing$ = hot<GainLevel>('--#', undefined, new Error('fader broke'));
      expectObservable(input.pipe(gain(failing$))).toBe(
        '-a#',
        { a: frame(1) },
        new Error('fader broke'),
      );
      expectSubscriptions(input.subscriptions).toBe(['^-!', '^-!']);
      const bad$ = hot<GainLevel>('--x', { x: { db: Number.NaN } });
      expectObservable(input.pipe(gain(bad$))).toBe(
        '-a#',
        { a: frame(1) },
        new RangeError('gain: db must be a finite number or -Infinity, got NaN'),
      );
    });
  });

  it('throws a RangeError at once for a factor that is not finite or a db of +Infinity', () => {
    expect(() => gain(Infinity)).toThrow(
      new RangeError('gain: a factor must be a finite number, got Infinity'),
    );
    expect(() => gain({ db: Infinity })).toThrow(RangeError);
    expect(() => gain(Number.NaN)).toThrow(RangeError);
  });

  it('rejects a corrupt frame with a FrameFormatError', async () => {
    const corrupt = new AudioFrame(pcm(1, 2), 1000, 1, 3);
    const err = await lastValueFrom(of(corrupt).pipe(gain(2))).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FrameFormatError);
    expect((err as FrameFormatError).info).toEqual({
      operator: 'gain',
      frameIndex: 0,
      problem: 'length',
      expected: 3,
      actual: 2,
    });
  });

  it('unsubscribes from its input and level$ when the consumer unsubscribes', () => {
    testScheduler().run(({ hot, expectObservable, expectSubscriptions }) => {
      const input = hot('-a--b--c|', { a: frame(1), b: frame(2), c: frame(3) });
      const level$ = hot<GainLevel>('l-------', { l: 3 });
      expectObservable(input.pipe(gain(level$)), '^----!').toBe('-a--b', {
        a: frame(3),
        b: frame(6),
      });
      expectSubscriptions(input.subscriptions).toBe('^----!');
      expectSubscriptions(level$.subscriptions).toBe('^----!');
    });
  });

  it('at 0 dB passes frames through, copying only views that are not at offset 0', async () => {
    const a = frame(1, 2, 3);
    const view = new AudioFrame(pcm(9, 4, 5).subarray(1), 1000, 1, 2);
    const [x, y] = await lastValueFrom(of(a, view).pipe(gain({ db: 0 }), toArray()));
    expect(x).toBe(a);
    expect(y?.data).toEqual(pcm(4, 5));
    expect(y?.data.byteOffset).toBe(0);
  });

  it('property: gain(0 dB) is the identity, sample for sample', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.array(fc.integer({ min: -32768, max: 32767 }), { minLength: 1, maxLength: 32 }),
          {
            maxLength: 8,
          },
        ),
        async (chunks) => {
          const frames = chunks.map((c) => new AudioFrame(Int16Array.from(c), 8000, 1, c.length));
          const out = await lastValueFrom(of(...frames).pipe(gain({ db: 0 }), toArray()));
          expect(out.map((f) => Array.from(f.data))).toEqual(chunks);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('applies a level$ value emitted synchronously on subscribe to the first frame', async () => {
    const level$ = new Subject<GainLevel>();
    const out = lastValueFrom(of(frame(10)).pipe(gain(level$)));
    level$.next(2);
    expect((await out).data).toEqual(pcm(10)); // of() already ran: the level came later
    const [first] = await lastValueFrom(of(frame(10)).pipe(gain(of(3)), toArray()));
    expect(first?.data).toEqual(pcm(30));
  });
});
