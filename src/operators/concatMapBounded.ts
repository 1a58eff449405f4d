import {
  from,
  Observable,
  type ObservableInput,
  type OperatorFunction,
  type Subscription,
} from 'rxjs';
import { QueueOverflowError } from '../errors/QueueOverflowError';
import { BoundedQueue, OVERFLOWED, QUEUED } from '../internal/BoundedQueue';
import type { DroppedFramesObserver } from '../internal/boundedDelivery';
import type { OverflowPolicy } from '../internal/OverflowPolicy';

/** Options of {@link concatMapBounded}. */
export interface ConcatMapBoundedOptions {
  /** How many values may wait while one is being processed (default 100: 1 s of 10 ms frames). */
  readonly bufferSize?: number;
  /** What a full queue does with an arriving value (default `'drop-oldest'`: keep the newest). */
  readonly overflow?: OverflowPolicy;
  /** Told the running total of dropped values after each drop. */
  readonly dropped?: DroppedFramesObserver;
}

interface Waiting<T> {
  readonly value: T;
  readonly index: number;
}

/**
 * `concatMap` with a bounded queue: values are processed one at a time, in order, by an
 * asynchronous `project` (a Promise, an Observable, anything `from` takes), and at most
 * `bufferSize` values wait meanwhile. rxjs's `concatMap` queues without limit, so a consumer
 * slower than real time (a speech-to-text request per frame) grows memory for ever; here a full
 * queue drops its oldest value (`'drop-oldest'`, the default: the consumer catches up with the
 * present), the arriving one (`'drop-newest'`), or ends with a `QueueOverflowError` (`'error'`),
 * and `dropped` hears the running total. `project` gets each value's index in the input, so
 * gaps show what was dropped.
 *
 * Completes when the input has completed and the last inner has; an inner's error or the
 * input's ends the stream (what waits is discarded); unsubscribing unsubscribes both.
 *
 * ```text
 * input:           -a-b-c-d---------|
 * project(x):      takes 4 frames, then emits X
 * concatMapBounded(project, { bufferSize: 1 }):
 *                  -----A---C---D---|   (c came with b waiting in the one slot: b dropped)
 * ```
 *
 * @example
 * ```ts
 * import { audioFrames, concatMapBounded, rechunk } from 'livekit-rx';
 * audioFrames(track)
 *   .pipe(
 *     rechunk(100),
 *     concatMapBounded((frame) => stt.send(frame.data), {
 *       bufferSize: 20, // at most 2 s behind
 *       dropped: { next: (n) => console.warn(`${n} chunks dropped: STT is too slow`) },
 *     }),
 *   )
 *   .subscribe();
 * ```
 *
 * @param project - Processes one value (and its index in the input).
 * @param options - The queue's bound, its overflow policy, and who hears about drops.
 * @returns An operator emitting what each inner emits, inner after inner.
 * @throws RangeError at once if `bufferSize` is not a positive integer.
 */
export function concatMapBounded<T, R>(
  project: (value: T, index: number) => ObservableInput<R>,
  options: ConcatMapBoundedOptions = {},
): OperatorFunction<T, R> {
  const bufferSize = options.bufferSize ?? 100;
  const overflow = options.overflow ?? 'drop-oldest';
  if (!Number.isInteger(bufferSize) || bufferSize < 1) {
    throw new RangeError(
      `concatMapBounded: bufferSize must be a positive integer, got ${bufferSize}`,
    );
  }
  return (input) =>
    new Observable<R>((subscriber) => {
      const queue = new BoundedQueue<Waiting<T>>(bufferSize);
      let active = false; // an inner is running
      let inner: Subscription | undefined;
      let draining = false;
      let received = 0;
      let dropped = 0;
      let inputDone = false;

      const drop = (): void => {
        dropped++;
        options.dropped?.next(dropped);
      };
      // Starts waiting values one at a time; completes once the input and every inner are done.
      // A loop, not recursion, for inners that complete synchronously.
      const drain = (): void => {
        if (draining) return;
        draining = true;
        try {
          while (!active && !subscriber.closed) {
            const item = queue.shift();
            if (item === undefined) {
              if (inputDone) subscriber.complete();
              return;
            }
            let source: Observable<R>;
            try {
              source = from(project(item.value, item.index));
            } catch (err) {
              subscriber.error(err);
              return;
            }
            active = true;
            let synchronous = true;
            const subscription = source.subscribe({
              next: (value) => subscriber.next(value),
              error: (err) => subscriber.error(err),
              complete: () => {
                active = false;
                inner = undefined;
                if (!synchronous) drain();
              },
            });
            synchronous = false;
            if (active) inner = subscription;
          }
        } finally {
          draining = false;
        }
      };

      const source = input.subscribe({
        next(value) {
          const index = received++;
          const outcome = queue.offer({ value, index }, overflow);
          if (outcome === OVERFLOWED) {
            subscriber.error(
              new QueueOverflowError({ operator: 'concatMapBounded', bufferSize, index }),
            );
            return;
          }
          if (outcome !== QUEUED) drop();
          drain();
        },
        error: (err) => subscriber.error(err),
        complete() {
          inputDone = true;
          drain();
        },
      });
      return () => {
        source.unsubscribe();
        inner?.unsubscribe();
        inner = undefined;
        queue.clear();
      };
    });
}
