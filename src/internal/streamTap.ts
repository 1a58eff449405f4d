import { Observable, type Subscriber } from 'rxjs';
import type { DataStreamError } from '../errors/DataStreamError';
import { QueueOverflowError } from '../errors/QueueOverflowError';
import { BoundedQueue, OVERFLOWED, QUEUED } from './BoundedQueue';
import type { DroppedFramesObserver } from './boundedDelivery';
import type { IncomingStreamState } from './IncomingStreamState';
import type { OverflowPolicy } from './OverflowPolicy';

/** How a stream's `chunks$` keeps what arrives before it is subscribed. @internal */
export interface TapOptions {
  /** Named in a `QueueOverflowError`. */
  readonly source: string;
  /** Chunks that may wait for the first subscriber. */
  readonly bufferSize: number;
  /** What a chunk that finds the wait full does. */
  readonly overflow: OverflowPolicy;
  /** Told the running total of chunks dropped while waiting. */
  readonly droppedChunks?: DroppedFramesObserver | undefined;
}

/** Validates a source's `bufferSize` at call time. @internal */
export function assertBufferSize(source: string, bufferSize: number): void {
  if (!Number.isInteger(bufferSize) || bufferSize < 1) {
    throw new RangeError(`${source}: bufferSize must be a whole number >= 1, got ${bufferSize}`);
  }
}

/**
 * One subscriber's view of an incoming stream's chunks, attached when the stream opens: hot, with
 * a bounded wait for its first subscriber. Chunks that arrive before `chunks$` is first
 * subscribed wait (at most `bufferSize`, then the overflow policy) and go to that first
 * subscriber, so a `concatMap` that reaches the stream late still gets it whole; from then on each
 * chunk goes to whoever is subscribed when it arrives (like `share()`), and nothing is kept. The
 * end (complete, or the stream's error) reaches every subscriber, also those who come after it.
 * @internal
 */
export function tapChunks<Chunk extends string | Uint8Array>(
  stream: IncomingStreamState<Chunk>,
  options: TapOptions,
): Observable<Chunk> {
  const subscribers = new Set<Subscriber<Chunk>>();
  let waiting: BoundedQueue<Chunk> | undefined;
  let subscribed = false;
  let flushing = false;
  let arrived = 0;
  let dropped = 0;
  let overflowed: QueueOverflowError | undefined;
  let ending: { readonly error: DataStreamError | QueueOverflowError | undefined } | undefined;

  const wait = (chunk: Chunk, index: number): void => {
    if (overflowed !== undefined) return;
    waiting ??= new BoundedQueue<Chunk>(options.bufferSize);
    const outcome = waiting.offer(chunk, options.overflow);
    if (outcome === QUEUED) return;
    if (outcome === OVERFLOWED) {
      waiting.clear();
      overflowed = new QueueOverflowError({
        operator: options.source,
        bufferSize: options.bufferSize,
        index,
      });
      return;
    }
    dropped++;
    options.droppedChunks?.next(dropped);
  };
  const end = (subscriber: Subscriber<Chunk>): void => {
    const error = ending?.error;
    if (error === undefined) subscriber.complete();
    else subscriber.error(error);
  };

  stream.attach({
    chunk: (chunk) => {
      const index = arrived++;
      if (!subscribed || flushing) wait(chunk, index);
      else for (const subscriber of [...subscribers]) subscriber.next(chunk);
    },
    end: (error) => {
      ending = { error: overflowed ?? error };
      if (flushing) return;
      for (const subscriber of [...subscribers]) end(subscriber);
      subscribers.clear();
    },
  });

  return new Observable<Chunk>((subscriber) => {
    if (!subscribed) {
      subscribed = true;
      if (overflowed !== undefined) {
        subscriber.error(overflowed);
        return;
      }
      flushing = true;
      while (waiting !== undefined && waiting.length > 0 && !subscriber.closed) {
        subscriber.next(waiting.shift() as Chunk);
      }
      flushing = false;
      waiting = undefined;
    }
    if (ending !== undefined) {
      end(subscriber);
      return;
    }
    subscribers.add(subscriber);
    return () => subscribers.delete(subscriber);
  });
}
