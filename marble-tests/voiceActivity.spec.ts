import { AudioFrame } from '@livekit/rtc-node';
import { FrameFormatError, voiceActivity } from 'livekit-rx';
import { lastValueFrom, of, toArray } from 'rxjs';
import { testScheduler } from './scheduler';

// 1 kHz mono, 10 ms frames (10 samples). Loud: about -10 dBFS; quiet: about -70 dBFS.
const L = new AudioFrame(new Int16Array(10).fill(10000), 1000, 1, 10);
const q = new AudioFrame(new Int16Array(10).fill(10), 1000, 1, 10);

describe('voiceActivity', () => {
  it('emits only transitions, with the hangover counted in ms of audio', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const input = cold('-L-L-q-q-q-L-q-q-q-q-|', { L, q });
      expectObservable(input.pipe(voiceActivity({ thresholdDb: -40, hangoverMs: 40 }))).toBe(
        '-s-----------------S-|',
        { s: 'speaking', S: 'silent' },
      );
      expectSubscriptions(input.subscriptions).toBe('^--------------------!');
    });
  });

  it('counts audio, not arrival time: a burst of quiet frames ends speech at once', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const input = cold('-L-(qqq)-----|', { L, q });
      expectObservable(input.pipe(voiceActivity({ hangoverMs: 30 }))).toBe('-s-S---------|', {
        s: 'speaking',
        S: 'silent',
      });
    });
  });

  it('says silent on the scheduler when the input stalls for the hangover while speaking', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const input = cold('-L-L--------------L-----|', { L });
      expectObservable(input.pipe(voiceActivity({ hangoverMs: 10 }))).toBe(
        '-s-----------S----s-----(S|)',
        { s: 'speaking', S: 'silent' },
      );
      expectSubscriptions(input.subscriptions).toBe('^-----------------------!');
    });
  });

  it('cancels its stall timer when the consumer unsubscribes', () => {
    testScheduler().run(({ hot, expectObservable, expectSubscriptions }) => {
      const input = hot('-L-------------', { L });
      expectObservable(input.pipe(voiceActivity({ hangoverMs: 5 })), '^--!').toBe('-s-', {
        s: 'speaking',
      });
      expectSubscriptions(input.subscriptions).toBe('^--!');
    });
  });

  it('emits nothing for quiet input, and ends with a FrameFormatError from its level meter', async () => {
    expect(await lastValueFrom(of(q, q, q).pipe(voiceActivity(), toArray()))).toEqual([]);
    const stereo = new AudioFrame(new Int16Array(20), 1000, 2, 10);
    const err = await lastValueFrom(of(q, stereo).pipe(voiceActivity())).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FrameFormatError);
    expect((err as FrameFormatError).info).toMatchObject({ operator: 'audioLevel', frameIndex: 1 });
  });

  it('throws a RangeError at once for a negative hangover or a NaN threshold', () => {
    expect(() => voiceActivity({ hangoverMs: -1 })).toThrow(
      new RangeError('voiceActivity: hangoverMs must be 0 or more, got -1'),
    );
    expect(() => voiceActivity({ thresholdDb: Number.NaN })).toThrow(RangeError);
  });
});
