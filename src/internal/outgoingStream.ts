import { Observable, Subscription, type OperatorFunction } from 'rxjs';
import { DataStreamError, type DataStreamProblem } from '../errors/DataStreamError';
import { QueueOverflowError } from '../errors/QueueOverflowError';
import type { RoomLike } from '../room/RoomLike';
import { BoundedQueue, OVERFLOWED, QUEUED } from './BoundedQueue';
import type { DataStreamHooks, Done, StreamWriterHandle } from './dataStreamHooks';
import type { CheckedSendOptions } from './streamSendOptions';
import type { StreamKind } from './IncomingStreamState';
import type { OverflowPolicy } from './OverflowPolicy';
import { sendPreflight } from './sendPreflight';
import { watchRoom } from './watchRoom';

/** Every outgoing stream's first event: it is open, receivers have its header. @internal */
export interface OutgoingOpenedEvent<Info> {
  readonly type: 'opened';
  readonly info: Info;
}

/** A chunk discarded by the overflow policy, never sent. @internal */
export interface OutgoingDroppedEvent<Chunk> {
  readonly type: 'dropped';
  /** Zero-based index of the chunk in the input. */
  readonly index: number;
  readonly chunk: Chunk;
  readonly policy: 'drop-oldest' | 'drop-newest';
  /** Chunks still waiting. */
  readonly pending: number;
}

/** How one outgoing stream is opened and bounded, and the sink's own events. @internal */
export interface OutgoingStreamSpec<Chunk, Info, Event> {
  readonly sink: string;
  readonly kind: StreamKind;
  /** The send's checked options (topic, destinations, whether to check them). */
  readonly send: CheckedSendOptions;
  readonly bufferSize: number;
  readonly overflow: OverflowPolicy;
  /** A chunk was written: `bytes` its size, `total` all bytes written so far. */
  written(index: number, chunk: Chunk, bytes: number, total: number, pending: number): Event;
  closed(info: Info, chunks: number, bytes: number): Event;
  /** The declared size: more bytes, or fewer at the end, is a `'size-mismatch'`. */
  readonly totalSize: number | undefined;
  open(hooks: DataStreamHooks, done: Done<StreamWriterHandle<Chunk, Info>>): void;
  /** A chunk's size in bytes; throws a `TypeError` for a value that is not a chunk. */
  size(chunk: Chunk): number;
}

interface Waiting<Chunk> {
  readonly chunk: Chunk;
  readonly index: number;
  readonly size: number;
}

/**
 * What `streamText` and `streamBytes` share: one outgoing stream per subscription. It opens when
 * subscribed (after the room and destination checks), writes the input's chunks one at a time in
 * order (at most `bufferSize` wait, then the overflow policy), closes when the input completes and
 * everything is written, and completes. The input's error, an overflow under `'error'`, a failed
 * write or unsubscribing aborts the stream (receivers see an error, not a clean end); the room
 * disconnecting fails it with `DataStreamError` `'room-disconnected'`.
 * @internal
 */
export function outgoingStream<Chunk, Info extends { readonly streamId: string }, Event>(
  room: RoomLike,
  spec: OutgoingStreamSpec<Chunk, Info, Event>,
): OperatorFunction<Chunk, OutgoingOpenedEvent<Info> | OutgoingDroppedEvent<Chunk> | Event> {
  type Any = OutgoingOpenedEvent<Info> | OutgoingDroppedEvent<Chunk> | Event;
  const { send } = spec;
  return (input) =>
    new Observable<Any>((outer) => {
      let hooks: DataStreamHooks;
      try {
        hooks = sendPreflight(spec.sink, room, send.destinationIdentities, send.checkDestinations);
      } catch (err) {
        outer.error(err);
        return;
      }
      return watchRoom<Any>(
        spec.sink,
        room,
        (subscriber, listen) => {
          const queue = new BoundedQueue<Waiting<Chunk>>(spec.bufferSize);
          let writer: StreamWriterHandle<Chunk, Info> | undefined;
          let finished = false; // closed or aborted by us: never touch the writer again
          let writing = false;
          let pumping = false;
          let inputDone = false;
          let abortReason = 'cancelled';
          let written = 0;
          let bytes = 0;
          const input$ = new Subscription();

          const failure = (problem: DataStreamProblem, cause?: unknown): DataStreamError =>
            new DataStreamError(
              {
                source: spec.sink,
                streamKind: spec.kind,
                direction: 'outgoing',
                problem,
                topic: send.topic,
                streamId: writer?.info.streamId,
                sender: undefined,
                chunks: written,
                bytes,
                detail: cause instanceof Error ? cause.message : undefined,
              },
              cause,
            );
          const fail = (error: unknown): void => {
            if (subscriber.closed) return;
            abortReason = error instanceof Error ? error.message : String(error);
            subscriber.error(error);
          };
          const close = (current: StreamWriterHandle<Chunk, Info>): void => {
            if (spec.totalSize !== undefined && bytes !== spec.totalSize) {
              fail(failure('size-mismatch', new Error(`${bytes} of ${spec.totalSize} bytes`)));
              return;
            }
            finished = true;
            current.close((err) => {
              if (subscriber.closed) return;
              if (err !== undefined) {
                fail(failure(room.isConnected ? 'close-failed' : 'room-disconnected', err));
                return;
              }
              subscriber.next(spec.closed(current.info, written, bytes));
              subscriber.complete();
            });
          };
          const pump = (): void => {
            if (pumping) return;
            pumping = true;
            try {
              while (!subscriber.closed && writer !== undefined && !writing && !finished) {
                const next = queue.shift();
                if (next === undefined) {
                  if (inputDone) close(writer);
                  return;
                }
                const size = next.size;
                if (spec.totalSize !== undefined && bytes + size > spec.totalSize) {
                  const detail = `chunk ${next.index} would bring ${bytes + size} bytes`;
                  fail(failure('size-mismatch', new Error(`${detail}, over ${spec.totalSize}`)));
                  return;
                }
                const wrote = (): void => {
                  written++;
                  bytes += size;
                  subscriber.next(spec.written(next.index, next.chunk, size, bytes, queue.length));
                };
                if (size === 0) {
                  // LiveKit receivers drop empty chunks: nothing to send.
                  wrote();
                  continue;
                }
                writing = true;
                writer.write(next.chunk, (err) => {
                  writing = false;
                  if (subscriber.closed) return;
                  if (err !== undefined) {
                    fail(failure(room.isConnected ? 'write-failed' : 'room-disconnected', err));
                    return;
                  }
                  wrote();
                  pump();
                });
              }
            } finally {
              pumping = false;
            }
          };

          subscriber.add(() => {
            input$.unsubscribe();
            queue.clear();
            if (writer !== undefined && !finished) {
              finished = true;
              writer.abort(abortReason);
            }
          });
          listen('disconnected', () => fail(failure('room-disconnected')));
          spec.open(hooks, (err, opened) => {
            if (subscriber.closed) {
              opened?.abort(abortReason);
              return;
            }
            if (err !== undefined || opened === undefined) {
              fail(failure(room.isConnected ? 'open-failed' : 'room-disconnected', err));
              return;
            }
            writer = opened;
            subscriber.next({ type: 'opened', info: opened.info });
            pump();
          });
          if (subscriber.closed) return;
          let arrived = 0;
          input$.add(
            input.subscribe({
              next: (chunk) => {
                if (subscriber.closed) return;
                const index = arrived++;
                let size: number;
                try {
                  size = spec.size(chunk);
                } catch (err) {
                  fail(err);
                  return;
                }
                const outcome = queue.offer({ chunk, index, size }, spec.overflow);
                if (outcome === OVERFLOWED) {
                  const { sink: operator, bufferSize } = spec;
                  fail(new QueueOverflowError({ operator, bufferSize, index }));
                  return;
                }
                if (outcome !== QUEUED) {
                  const policy = spec.overflow === 'drop-newest' ? 'drop-newest' : 'drop-oldest';
                  const { index: at, chunk: lost } = outcome;
                  subscriber.next({
                    type: 'dropped',
                    index: at,
                    chunk: lost,
                    policy,
                    pending: queue.length,
                  });
                }
                pump();
              },
              error: (err: unknown) => fail(err),
              complete: () => {
                inputDone = true;
                pump();
              },
            }),
          );
        },
        () => undefined, // the 'disconnected' listener above fails the stream instead
      ).subscribe(outer);
    });
}
