import { concatMapBounded, QueueOverflowError } from 'livekit-rx';
import { defer, lastValueFrom, map, of, range, timer, toArray, type Observable } from 'rxjs';
import { testScheduler } from './scheduler';

// Each value takes 4 frames to process, then its upper case is emitted.
const slow = (x: string): Observable<string> => timer(4).pipe(map(() => x.toUpperCase()));

describe('concatMapBounded', () => {
  it('processes one value at a time, in order; a full queue drops its oldest and counts it', () => {
    const dropped: number[] = [];
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const input = cold('-a-b-c-d---------|');
      // c comes while A runs and b waits in the one slot: b is dropped for c.
      expectObservable(
        input.pipe(
          concatMapBounded(slow, { bufferSize: 1, dropped: { next: (n) => dropped.push(n) } }),
        ),
      ).toBe('-----A---C---D---|');
      expectSubscriptions(input.subscriptions).toBe('^----------------!');
    });
    expect(dropped).toEqual([1]);
  });

  it("drop-newest keeps what waits and drops the arriving value; 'error' ends with QueueOverflowError", () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const input = cold('-a-b-c-d---------|');
      expectObservable(
        input.pipe(concatMapBounded(slow, { bufferSize: 1, overflow: 'drop-newest' })),
      ).toBe('-----A---B---D---|');
      expectObservable(
        input.pipe(concatMapBounded(slow, { bufferSize: 1, overflow: 'error' })),
      ).toBe(
        '-----#',
        undefined,
        new QueueOverflowError({ operator: 'concatMapBounded', bufferSize: 1, index: 2 }),
      );
    });
  });

  it('gives project the value’s index in the input, so gaps show what was dropped', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const input = cold('-a-b-c-d---------|');
      expectObservable(
        input.pipe(
          concatMapBounded((x, i) => slow(x).pipe(map((X) => `${X}${i}`)), { bufferSize: 1 }),
        ),
      ).toBe('-----x---y---z---|', { x: 'A0', y: 'C2', z: 'D3' });
    });
  });

  it('drops nothing while the consumer keeps up, and completes after the last inner', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const input = cold('-a-----b-----c|');
      expectObservable(input.pipe(concatMapBounded(slow, { bufferSize: 1 }))).toBe(
        '-----A-----B-----(C|)',
      );
    });
  });

  it('takes synchronous inners and promises, in order, without recursion', async () => {
    const sync = await lastValueFrom(
      range(0, 10_000).pipe(
        concatMapBounded((i) => of(i * 2), { bufferSize: 1 }),
        toArray(),
      ),
    );
    expect(sync).toEqual(Array.from({ length: 10_000 }, (_, i) => i * 2));
    const viaPromises = await lastValueFrom(
      range(0, 5).pipe(
        concatMapBounded((i) => Promise.resolve(i + 1)),
        toArray(),
      ),
    );
    expect(viaPromises).toEqual([1, 2, 3, 4, 5]);
  });

  it('ends with the error of an inner, of project or of the input, unsubscribing the rest', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const input = cold('-a-b---|');
      const failing = cold('--#', undefined, new Error('stt down'));
      expectObservable(input.pipe(concatMapBounded(() => failing))).toBe(
        '---#',
        undefined,
        new Error('stt down'),
      );
      expectSubscriptions(input.subscriptions).toBe('^--!');
      const throwing = concatMapBounded<string, string>(() => {
        throw new Error('bad project');
      });
      const input2 = cold('-a-b---|');
      expectObservable(input2.pipe(throwing)).toBe('-#', undefined, new Error('bad project'));
      expectSubscriptions(input2.subscriptions).toBe('^!');
      expectObservable(
        cold('-a-#', undefined, new Error('input failed')).pipe(concatMapBounded(slow)),
      ).toBe('---#', undefined, new Error('input failed'));
    });
  });

  it('unsubscribes the input and the running inner when the consumer unsubscribes', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const input = cold('-a-b-c---|');
      const inner = cold('----x|');
      expectObservable(input.pipe(concatMapBounded(() => inner)), '^--!').toBe('---');
      expectSubscriptions(input.subscriptions).toBe('^--!');
      expectSubscriptions(inner.subscriptions).toBe('-^-!');
    });
  });

  it('rejects a bufferSize that is not a positive integer, at once', () => {
    expect(() => concatMapBounded(() => defer(() => of(1)), { bufferSize: 0 })).toThrow(
      new RangeError('concatMapBounded: bufferSize must be a positive integer, got 0'),
    );
  });
});
