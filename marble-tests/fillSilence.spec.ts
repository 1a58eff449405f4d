import { AudioFrame } from '@livekit/rtc-node';
import { fillSilence, FrameFormatError } from 'livekit-rx';
import { testFrame } from 'livekit-rx/testing';
import { lastValueFrom, of } from 'rxjs';
import { testScheduler } from './scheduler';

const f = (start: number, numChannels = 1, sampleRate = 1000) =>
  testFrame({ samplesPerChannel: 3, start, numChannels, sampleRate });
const silence = (samples: number, numChannels = 1, sampleRate = 1000) =>
  new AudioFrame(new Int16Array(samples * numChannels), sampleRate, numChannels, samples);

describe('fillSilence', () => {
  it('fills pauses longer than a frame period with silence in the last format, on the scheduler', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const input = cold('-a--b--------c-|', { a: f(1), b: f(2, 2), c: f(3) });
      expectObservable(input.pipe(fillSilence({ frameMs: 3 }))).toBe('-a--b--s--s--c-|', {
        a: f(1),
        b: f(2, 2),
        s: silence(3, 2),
        c: f(3),
      });
      expectSubscriptions(input.subscriptions).toBe('^--------------!');
    });
  });

  it('with a configured format, fills from subscribe until the first frame', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const input = cold('-----a|', { a: f(1) });
      expectObservable(
        input.pipe(fillSilence({ frameMs: 2, sampleRate: 1000, numChannels: 1 })),
      ).toBe('--s-sa|', { s: silence(2), a: f(1) });
    });
  });

  it('fills nothing before the first frame when no format is configured', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold<AudioFrame>('------|').pipe(fillSilence({ frameMs: 2 }))).toBe(
        '------|',
      );
    });
  });

  it('cancels its timers when the consumer unsubscribes and when the input errors', () => {
    testScheduler().run(({ cold, hot, expectObservable, expectSubscriptions }) => {
      const input = hot('-a-----------', { a: f(1) });
      expectObservable(input.pipe(fillSilence({ frameMs: 2 })), '^----!').toBe('-a-s-', {
        a: f(1),
        s: silence(2),
      });
      expectSubscriptions(input.subscriptions).toBe('^----!');
      const failing = cold('-a--#', { a: f(1) }, new Error('boom'));
      expectObservable(failing.pipe(fillSilence({ frameMs: 2 }))).toBe(
        '-a-s#',
        { a: f(1), s: silence(2) },
        new Error('boom'),
      );
    });
  });

  it('ends with a FrameFormatError when a frame period is not whole samples at a rate', async () => {
    const odd = testFrame({ samplesPerChannel: 441, sampleRate: 22050 });
    const err = await lastValueFrom(of(odd).pipe(fillSilence({ frameMs: 10 }))).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(FrameFormatError);
    expect((err as FrameFormatError).info).toEqual({
      operator: 'fillSilence',
      frameIndex: 0,
      problem: 'duration',
      expected: 10,
      actual: 22050,
    });
  });

  it('throws a RangeError at once for a bad period or configured format', () => {
    expect(() => fillSilence({ frameMs: 0 })).toThrow(
      new RangeError('fillSilence: frameMs must be a positive number, got 0'),
    );
    expect(() => fillSilence({ frameMs: 10, sampleRate: 22050 })).toThrow(
      new RangeError('fillSilence: 1 channel(s) at 22050 Hz cannot make 10 ms frames'),
    );
  });
});
