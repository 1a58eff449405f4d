import { AudioFrame } from '@livekit/rtc-node';
import fc from 'fast-check';
import { FrameFormatError, remix, remixPcm } from 'livekit-rx';
import { lastValueFrom, of, toArray } from 'rxjs';
import { testScheduler } from './scheduler';

const pcm = (...v: number[]) => Int16Array.from(v);
const frame = (channels: number, ...v: number[]) =>
  new AudioFrame(pcm(...v), 1000, channels, v.length / channels);
const int16 = fc.integer({ min: -32768, max: 32767 });

describe('remixPcm', () => {
  it('copies mono to every channel and averages down to mono, halves away from zero', () => {
    expect(remixPcm(pcm(1, -2), 1, 2)).toEqual(pcm(1, 1, -2, -2));
    expect(remixPcm(pcm(1, 2, -3, -4, 32767, 32767, -32768, -32768), 2, 1)).toEqual(
      pcm(2, -4, 32767, -32768),
    );
    expect(remixPcm(pcm(1, 2, 4), 3, 1)).toEqual(pcm(2)); // 7/3 = 2.33 -> 2
  });

  it('maps N to M channels cyclically: quad to stereo folds the rear pair into the front pair', () => {
    expect(remixPcm(pcm(10, 20, 30, 40), 4, 2)).toEqual(pcm(20, 30));
    expect(remixPcm(pcm(1, 2), 2, 4)).toEqual(pcm(1, 2, 1, 2));
    expect(remixPcm(pcm(10, 20, 30), 3, 2)).toEqual(pcm(20, 20));
  });

  it('names what is wrong with its arguments', () => {
    expect(() => remixPcm(pcm(1, 2, 3), 2, 1)).toThrow(
      new RangeError('remixPcm: data.length 3 is not a multiple of 2'),
    );
    expect(() => remixPcm(pcm(1), 1, 0)).toThrow(
      new RangeError('remixPcm: to must be a positive integer, got 0'),
    );
  });

  it('property: mono -> stereo -> mono is the identity', () => {
    fc.assert(
      fc.property(fc.array(int16, { maxLength: 64 }), (samples) => {
        const mono = Int16Array.from(samples);
        expect(remixPcm(remixPcm(mono, 1, 2), 2, 1)).toEqual(mono);
      }),
      { numRuns: 200 },
    );
  });

  it('property: downmixing is odd (negating the input negates the output) and stays in range', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -32767, max: 32767 }), { maxLength: 64 }), (s) => {
        const even = s.length - (s.length % 2);
        const x = Int16Array.from(s.slice(0, even));
        const neg = Int16Array.from(s.slice(0, even).map((v) => -v));
        expect(Array.from(remixPcm(neg, 2, 1))).toEqual(
          Array.from(remixPcm(x, 2, 1)).map((v) => (v === 0 ? 0 : -v)),
        );
      }),
      { numRuns: 200 },
    );
  });
});

describe('remix', () => {
  it('upmixes mono to stereo frame by frame and completes with its input', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const input = cold('-a-b-|', { a: frame(1, 1, 2), b: frame(1, -3) });
      expectObservable(input.pipe(remix(2))).toBe('-x-y-|', {
        x: frame(2, 1, 1, 2, 2),
        y: frame(2, -3, -3),
      });
      expectSubscriptions(input.subscriptions).toBe('^----!');
    });
  });

  it('downmixes whatever channel count each frame has, and passes frames already right', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const input = cold('-a-b-c|', { a: frame(2, 1, 2), b: frame(1, 7), c: frame(4, 1, 2, 3, 4) });
      expectObservable(input.pipe(remix(1))).toBe('-x-y-z|', {
        x: frame(1, 2),
        y: frame(1, 7),
        z: frame(1, 3),
      });
    });
  });

  it('passes a frame with the right channel count through without copying it', async () => {
    const a = frame(2, 1, 2);
    const [out] = await lastValueFrom(of(a).pipe(remix(2), toArray()));
    expect(out).toBe(a);
  });

  it('rejects a corrupt frame with a FrameFormatError naming it', async () => {
    const corrupt = new AudioFrame(pcm(1, 2, 3), 1000, 2, 2);
    const err = await lastValueFrom(of(frame(2, 1, 1), corrupt).pipe(remix(1))).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(FrameFormatError);
    expect((err as FrameFormatError).info).toEqual({
      operator: 'remix',
      frameIndex: 1,
      problem: 'length',
      expected: 4,
      actual: 3,
    });
  });

  it('throws a RangeError at once for a channel count that is not 1 to 8', () => {
    expect(() => remix(0)).toThrow(
      new RangeError('remix: numChannels must be a whole number from 1 to 8, got 0'),
    );
    expect(() => remix(1.5)).toThrow(RangeError);
    expect(() => remix(NaN)).toThrow(RangeError);
    expect(() => remix(9)).toThrow(RangeError);
  });

  it('forwards errors and unsubscribes from its input when the consumer does', () => {
    testScheduler().run(({ cold, hot, expectObservable, expectSubscriptions }) => {
      const failing = cold('-a-#', { a: frame(1, 5) }, new Error('boom'));
      expectObservable(failing.pipe(remix(2))).toBe(
        '-x-#',
        { x: frame(2, 5, 5) },
        new Error('boom'),
      );
      const input = hot('-a--a--a|', { a: frame(1, 5) });
      expectObservable(input.pipe(remix(2)), '^---!').toBe('-x--', { x: frame(2, 5, 5) });
      expectSubscriptions(input.subscriptions).toBe('^---!');
    });
  });
});
