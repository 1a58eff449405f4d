import { AudioFrame } from '@livekit/rtc-node';
import fc from 'fast-check';
import { FrameFormatError, mix, mixWith, QueueOverflowError, type MixOptions } from 'livekit-rx';
import { lastValueFrom, Observable, of, Subject, toArray } from 'rxjs';
import { testScheduler } from './scheduler';

// 1 kHz mono; blocksize 2 samples = one frame.
const fr = (...v: number[]) => new AudioFrame(Int16Array.from(v), 1000, 1, v.length);
const opts: MixOptions = { blocksize: 2, streamTimeoutMs: 5 };

describe('mix', () => {
  it('emits a block as soon as every live source has one, summed', () => {
    testScheduler().run(({ cold, hot, expectObservable, expectSubscriptions }) => {
      const a = cold('-a---a---|', { a: fr(1, 2) });
      const b = cold('---b---b-|', { b: fr(10, -20) });
      const sources$ = hot('(ab)--------|', { a, b });
      expectObservable(mix(sources$, opts)).toBe('---x---x----|', { x: fr(11, -18) });
      expectSubscriptions(a.subscriptions).toBe('^--------!');
      expectSubscriptions(b.subscriptions).toBe('^--------!');
    });
  });

  it('saturates instead of wrapping around', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const a = cold('a|', { a: fr(30000, -30000) });
      const b = cold('a|', { a: fr(30000, -30000) });
      expectObservable(mix(cold('(ab|)', { a, b }), opts)).toBe('x|', {
        x: fr(32767, -32768),
      });
    });
  });

  it('lets a stalled source contribute silence after streamTimeoutMs instead of holding the mix', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const a = cold('-a-a--------a-a|', { a: fr(1, 1) });
      const b = cold('-b------------------|', { b: fr(2, 2) });
      // b stalls after 1: a's block at 3 waits 5 ms for b (until 8), then a flows alone.
      expectObservable(mix(cold('(ab|)', { a, b }), opts)).toBe('-x------y---y-y-----|', {
        x: fr(3, 3),
        y: fr(1, 1),
      });
    });
  });

  it('counts a wait from when the mix needs the frame, not from the source’s last frame (as AudioMixer waits per read)', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      // b's frame at 2 completes a block; a's next frame at 4 starts a wait for b: b stalls at 9
      // (4 + 5), not at 7 (its last frame + 5). Its late frame at 11 makes the mix wait for a.
      const a = cold('a---a-------a|', { a: fr(1, 1) });
      const b = cold('--b--------b------|', { b: fr(2, 2) });
      expectObservable(mix(cold('(ab|)', { a, b }), opts)).toBe('--x------y--x-----|', {
        x: fr(3, 3),
        y: fr(1, 1),
      });
    });
  });

  it('stalls no source while no wait is under way (a timer left from an earlier wait fires idle)', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      // The wait that began at 0 ended with the block at 1; its timer fires at 5 with nothing
      // to wait for. a's frame at 10 begins a new wait, and b's at 12 is still waited for.
      const a = cold('a---------a------|', { a: fr(1, 1) });
      const b = cold('-b----------b----|', { b: fr(2, 2) });
      expectObservable(mix(cold('(ab|)', { a, b }), opts)).toBe('-x----------x----|', {
        x: fr(3, 3),
      });
    });
  });

  it('restarts the wait for a source that sends part of a block during it', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      // a's block is ready at 0; b sends one of its two samples at 3: the mix waits for the
      // other until 8 (3 + 5), then mixes what b has, padded.
      const a = cold('a----------|', { a: fr(1, 1) });
      const b = cold('---c-------------|', { c: fr(7) });
      expectObservable(mix(cold('(ab|)', { a, b }), opts)).toBe('--------x--------|', {
        x: fr(8, 1),
      });
    });
  });

  it('waits for a source that joins during a wait from when it joins', () => {
    testScheduler().run(({ cold, hot, expectObservable }) => {
      // a's block is ready at 0 and the mix waits for b (joined at 0) until 5; c joins at 4:
      // at 5 b stalls but the block still waits for c, until 9.
      const a = cold('a-----------|', { a: fr(1, 1) });
      const b = cold<AudioFrame>('--------------|');
      const c = cold<AudioFrame>('---------------|');
      const sources$ = hot('(ab)c|', { a, b, c });
      expectObservable(mix(sources$, opts)).toBe('---------x---------|', { x: fr(1, 1) });
    });
  });

  it('takes sources that join and leave at run time; a leaving source is flushed, padded', () => {
    testScheduler().run(({ cold, hot, expectObservable }) => {
      const a = cold('a-a-a-a|', { a: fr(1, 1) });
      const b = cold('b-(c|)', { b: fr(10, 10), c: fr(7) });
      const sources$ = hot('a---b-----|', { a, b });
      expectObservable(mix(sources$, opts)).toBe('x-x-y-z---|', {
        x: fr(1, 1),
        y: fr(11, 11),
        z: fr(8, 1),
      });
    });
  });

  it('completes only when sources$ and every source completed, padding the last block', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const a = cold('-(ab|)', { a: fr(1, 2), b: fr(3) });
      expectObservable(mix(cold('a-----|', { a }), opts)).toBe('-(xy)-|', {
        x: fr(1, 2),
        y: fr(3, 0),
      });
      expectObservable(mix(cold<Observable<AudioFrame>>('-|'), opts)).toBe('-|');
    });
  });

  it('ends with a FrameFormatError naming the source frame that has another format', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const a = cold('-a-----', { a: fr(1, 1) });
      const b = cold('---b---', { b: new AudioFrame(Int16Array.from([1, 1]), 2000, 1, 2) });
      const error = new FrameFormatError(
        { operator: 'mix', frameIndex: 0, problem: 'sample-rate', expected: 1000, actual: 2000 },
        'Source 1 of the mix differs: resample or remix every source to one format, or set convert: true.',
      );
      expectObservable(mix(cold('(ab)', { a, b }), opts)).toBe('---#', undefined, error);
      expectSubscriptions(a.subscriptions).toBe('^--!');
    });
  });

  it('bounds each source queue: drop-oldest keeps the newest, error ends with QueueOverflowError', async () => {
    const run = (overflow: 'drop-oldest' | 'drop-newest' | 'error') => {
      const a = new Subject<AudioFrame>();
      const b = new Subject<AudioFrame>();
      const out: AudioFrame[] = [];
      let error: unknown;
      mix(of(a, b), { ...opts, capacity: 2, overflow }).subscribe({
        next: (f) => out.push(f),
        error: (e: unknown) => (error = e),
      });
      for (const v of [1, 2, 3]) a.next(fr(v, v));
      b.next(fr(10, 10));
      return { out, error };
    };
    expect(run('drop-oldest').out).toEqual([fr(12, 12)]);
    expect(run('drop-newest').out).toEqual([fr(11, 11)]);
    const { error } = run('error');
    expect(error).toBeInstanceOf(QueueOverflowError);
    expect((error as QueueOverflowError).info).toEqual({
      operator: 'mix',
      bufferSize: 2,
      index: 2,
    });
  });

  it('unsubscribes sources$, every source and its timer when the consumer unsubscribes', () => {
    testScheduler().run(({ cold, hot, expectObservable, expectSubscriptions }) => {
      const a = cold('-a-a-a-a', { a: fr(1, 1) });
      const b = cold('-b------', { b: fr(2, 2) });
      const sources$ = hot('(ab)-----', { a, b });
      expectObservable(mix(sources$, opts), '^--!').toBe('-x-', { x: fr(3, 3) });
      expectSubscriptions(sources$.subscriptions).toBe('^--!');
      expectSubscriptions(a.subscriptions).toBe('^--!');
      expectSubscriptions(b.subscriptions).toBe('^--!');
    });
  });

  it('forwards the error of sources$ or of a source, and rejects bad options at once', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const a = cold<AudioFrame>('--#', undefined, new Error('track failed'));
      expectObservable(mix(cold('a', { a }), opts)).toBe(
        '--#',
        undefined,
        new Error('track failed'),
      );
    });
    expect(() => mix(of(), { capacity: 0 })).toThrow(
      new RangeError('mix: capacity must be a positive integer, got 0'),
    );
    expect(() => mix(of(), { streamTimeoutMs: -1 })).toThrow(RangeError);
  });

  it('mixWith mixes its input with the others, options last', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const a = cold('-a-a|', { a: fr(1, 1) });
      const b = cold('--b-b|', { b: fr(2, 2) });
      expectObservable(a.pipe(mixWith(b, opts))).toBe('--x-x|', { x: fr(3, 3) });
    });
  });

  it('defaults to 10 ms blocks at the first frame’s rate', async () => {
    const frame = new AudioFrame(new Int16Array(960).fill(1), 48000, 2, 480);
    const out = await lastValueFrom(mix(of(of(frame))).pipe(toArray()));
    expect(out).toEqual([frame]);
  });

  it('property: mixing is commutative and saturates, sample for sample', () => {
    const int16 = fc.integer({ min: -32768, max: 32767 });
    fc.assert(
      fc.property(
        fc.array(fc.array(int16, { minLength: 4, maxLength: 4 }), { minLength: 1, maxLength: 5 }),
        (streams) => {
          const mixAll = (order: number[][]) => {
            const subjects = order.map(() => new Subject<AudioFrame>());
            const out: number[] = [];
            mix(of(...subjects), { blocksize: 2 }).subscribe((f) => out.push(...f.data));
            for (let half = 0; half < 2; half++)
              order.forEach((s, i) => subjects[i]?.next(fr(...s.slice(half * 2, half * 2 + 2))));
            return out;
          };
          const forward = mixAll(streams);
          expect(mixAll([...streams].reverse())).toEqual(forward);
          const sums = [0, 1, 2, 3].map((i) =>
            Math.max(
              -32768,
              Math.min(
                32767,
                streams.reduce((t, s) => t + (s[i] as number), 0),
              ),
            ),
          );
          expect(forward).toEqual(sums);
        },
      ),
      { numRuns: 200 },
    );
  });
});

it('mix: a frame with corrupt data is a FrameFormatError too', async () => {
  const corrupt = new AudioFrame(new Int16Array(1), 1000, 1, 2);
  await expect(lastValueFrom(mix(of(of(corrupt))))).rejects.toMatchObject({
    name: 'FrameFormatError',
    info: { operator: 'mix', problem: 'length' },
  });
});
