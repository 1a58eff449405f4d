import {
  Observable,
  type OperatorFunction,
  type SchedulerLike,
  type Subscription,
  type Unsubscribable,
} from 'rxjs';
import { QueueOverflowError } from '../errors/QueueOverflowError';
import { BoundedQueue, OVERFLOWED, QUEUED } from './BoundedQueue';
import type { OverflowPolicy } from './OverflowPolicy';

/** Receives the running total of dropped frames each time one is dropped. */
export interface DroppedFramesObserver {
  /** Called with the running total, each time a frame is dropped. */
  next(total: number): void;
}

/** How {@link boundedDelivery} queues and hands items on. */
export interface BoundedDeliveryOptions<T, R> {
  /** Named in errors. */
  readonly operator: string;
  /** Items that may wait for delivery. */
  readonly bufferSize: number;
  /** What an item that finds the queue full does. */
  readonly overflow: OverflowPolicy;
  /** Told the running total of dropped items. */
  readonly droppedFrames?: DroppedFramesObserver | undefined;
  /** Where waiting items are delivered; default: the next turn of the event loop. */
  readonly scheduler?: SchedulerLike | undefined;
  /** Applied to each item as it is delivered (never to dropped ones). */
  readonly transform?: ((item: T, delivered: number) => R) | undefined;
}

/**
 * Decouples a push-only producer (rtc-node's native streams have no backpressure) from its
 * consumer through a queue of at most `bufferSize` items. Items are queued as they arrive and
 * delivered together on the next turn of the event loop (or on `scheduler`), so when the consumer
 * or anything else has held the event loop up, the backlog that has built up meanwhile is cut to
 * the newest `bufferSize` items (`drop-oldest`), the oldest ones (`drop-newest`), or ends the
 * stream with a `QueueOverflowError` (`error`). Completion and errors are delivered after the
 * items queued before them (at once when nothing is queued).
 */
export function boundedDelivery<T, R = T>(
  options: BoundedDeliveryOptions<T, R>,
): OperatorFunction<T, R> {
  const { operator, bufferSize, overflow, droppedFrames, scheduler, transform } = options;
  if (!Number.isInteger(bufferSize) || bufferSize < 1) {
    throw new RangeError(`${operator}: bufferSize must be a whole number >= 1, got ${bufferSize}`);
  }
  return (source) =>
    new Observable<R>((subscriber) => {
      const queue = new BoundedQueue<T>(bufferSize);
      let arrived = 0;
      let delivered = 0;
      let dropped = 0;
      let end: { error: unknown } | 'complete' | undefined;
      let pending: Unsubscribable | undefined;

      const drain = (): void => {
        pending = undefined;
        while (queue.length > 0 && !subscriber.closed) {
          const item = queue.shift() as T;
          let value: R;
          try {
            value = transform === undefined ? (item as unknown as R) : transform(item, delivered);
          } catch (err) {
            subscriber.error(err);
            return;
          }
          delivered++;
          subscriber.next(value);
        }
        if (end === 'complete') subscriber.complete();
        else if (end !== undefined) subscriber.error(end.error);
      };
      const schedule = (): void => {
        if (pending !== undefined) return;
        if (scheduler !== undefined) {
          pending = scheduler.schedule(drain);
        } else {
          const handle = setImmediate(drain);
          pending = { unsubscribe: () => clearImmediate(handle) };
        }
      };
      const drop = (): void => {
        dropped++;
        droppedFrames?.next(dropped);
      };

      const upstream: Subscription = source.subscribe({
        next: (item) => {
          if (subscriber.closed) return;
          const index = arrived++;
          const outcome = queue.offer(item, overflow);
          if (outcome === OVERFLOWED) {
            queue.clear();
            subscriber.error(new QueueOverflowError({ operator, bufferSize, index }));
            return;
          }
          if (outcome !== QUEUED) {
            drop();
            if (overflow === 'drop-newest') return;
          }
          schedule();
        },
        error: (error: unknown) => {
          if (subscriber.closed) return;
          end = { error };
          if (pending === undefined) drain();
        },
        complete: () => {
          if (subscriber.closed) return;
          end = 'complete';
          if (pending === undefined) drain();
        },
      });
      return () => {
        upstream.unsubscribe();
        pending?.unsubscribe();
        pending = undefined;
        queue.clear();
      };
    });
}
