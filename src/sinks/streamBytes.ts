import type { ByteStreamInfo } from '@livekit/rtc-node';
import type { OperatorFunction } from 'rxjs';
import { outgoingStream } from '../internal/outgoingStream';
import type { OverflowPolicy } from '../internal/OverflowPolicy';
import { sinkBufferSize, streamSendOptions } from '../internal/streamSendOptions';
import { assertRoomLike } from '../internal/watchRoom';
import type { RoomLike } from '../room/RoomLike';
import type { DataStreamSendOptions } from './DataStreamSendOptions';

/** Options of {@link streamBytes}. */
export interface StreamBytesOptions extends DataStreamSendOptions {
  /** The stream's name, a file name say (receivers' `info.name`; default `'unknown'`, as rtc-node). */
  readonly name?: string;
  /** The MIME type (default `'application/octet-stream'`). */
  readonly mimeType?: string;
  /**
   * The total size in bytes, if known: receivers show progress against it, and sending more, or
   * fewer by the end, is a `DataStreamError` `'size-mismatch'` (the stream is aborted).
   */
  readonly totalSize?: number;
  /** Chunks that may wait while one is written or the stream opens (default 256). */
  readonly bufferSize?: number;
  /** What a chunk arriving to a full queue does (default `'error'`: a `QueueOverflowError`). */
  readonly overflow?: OverflowPolicy;
}

/** The stream is open: receivers have its header. */
export interface ByteStreamOpenedEvent {
  readonly type: 'opened';
  readonly info: ByteStreamInfo;
}

/** One of your chunks was written: how far the stream has got. */
export interface ByteStreamProgressEvent {
  readonly type: 'progress';
  /** Zero-based index of the chunk in your input. */
  readonly index: number;
  /** Its size. */
  readonly bytes: number;
  /** Bytes written so far. */
  readonly bytesSent: number;
  /** The declared `totalSize`, if any. */
  readonly totalSize: number | undefined;
  /** `bytesSent / totalSize` (0 to 1) when the size is declared. */
  readonly fraction: number | undefined;
  /** Chunks still waiting. */
  readonly pending: number;
}

/** One of your chunks was discarded by the overflow policy (never sent). */
export interface ByteStreamDroppedEvent {
  readonly type: 'dropped';
  readonly index: number;
  readonly chunk: Uint8Array;
  readonly policy: 'drop-oldest' | 'drop-newest';
  readonly pending: number;
}

/** Everything was written and the stream closed normally: the last event. */
export interface ByteStreamClosedEvent {
  readonly type: 'closed';
  readonly info: ByteStreamInfo;
  /** Chunks written. */
  readonly chunks: number;
  /** Bytes written. */
  readonly bytesSent: number;
}

/** The events of {@link streamBytes}. */
export type ByteStreamEvent =
  ByteStreamOpenedEvent | ByteStreamProgressEvent | ByteStreamDroppedEvent | ByteStreamClosedEvent;

/**
 * Streams bytes into the room as one LiveKit byte stream per subscription (a file, an image, a
 * recording as it is made), each input `Uint8Array` written in order (rtc-node cuts it into
 * 15 kB packets), with a `progress` event per chunk. Subscribing opens the stream; at most
 * `bufferSize` chunks wait while one is written (a synchronous source of many chunks needs a
 * larger bound, or pace it: `sendFile` reads a file as it is sent); completing the input closes
 * the stream once everything is written, then `closed` and complete. The input's error, an
 * overflow under `'error'`, a size that does not match `totalSize`, or unsubscribing aborts the
 * stream, so receivers see an error, never a truncated file. The room disconnecting fails it with
 * `DataStreamError` `'room-disconnected'`; a destination not in the room is an
 * `RecipientNotFoundError`; a room not connected, a `RoomNotConnectedError`. On a `TestRoom` it
 * runs in virtual time and `room.sent$` records it.
 *
 * ```text
 * chunks:       --a---b---|                  (totalSize: 2 chunks' worth)
 * streamBytes:  O-P---Q---(X|)     O = opened, P = progress 0.5, Q = progress 1, X = closed
 * ```
 *
 * @example
 * ```ts
 * import { streamBytes } from 'livekit-rx';
 * jpegFrames$
 *   .pipe(streamBytes(room, { name: 'snapshot.jpg', mimeType: 'image/jpeg', topic: 'images' }))
 *   .subscribe((event) => event.type === 'progress' && console.log(event.bytesSent));
 * ```
 *
 * @param room - A connected room: rtc-node's `Room`, or a `TestRoom`.
 * @param options - Name, MIME type, topic, size, attributes, destinations, the queue's bound.
 * @returns An operator from byte chunks to {@link ByteStreamEvent}s.
 * @throws TypeError at once if `room` is not a room or an option has the wrong type; RangeError
 *   for a `bufferSize` that is not a whole number >= 1 or a negative `totalSize`.
 */
export function streamBytes(
  room: RoomLike,
  options: StreamBytesOptions = {},
): OperatorFunction<Uint8Array, ByteStreamEvent> {
  assertRoomLike('streamBytes', room);
  const send = streamSendOptions('streamBytes', options);
  const bufferSize = sinkBufferSize('streamBytes', options.bufferSize, 256);
  const totalSize = options.totalSize;
  if (totalSize !== undefined && (!Number.isSafeInteger(totalSize) || totalSize < 0)) {
    throw new RangeError(`streamBytes: totalSize must be a whole number >= 0, got ${totalSize}`);
  }
  const header = {
    ...send,
    name: options.name ?? 'unknown',
    mimeType: options.mimeType ?? 'application/octet-stream',
    totalSize,
  };
  const fraction = (sent: number): number | undefined =>
    totalSize === undefined ? undefined : totalSize === 0 ? 1 : sent / totalSize;
  return outgoingStream<Uint8Array, ByteStreamInfo, ByteStreamEvent>(room, {
    sink: 'streamBytes',
    kind: 'byte',
    send,
    bufferSize,
    overflow: options.overflow ?? 'error',
    totalSize,
    open: (hooks, done) => hooks.openBytes(header, done),
    size: (chunk) => {
      if (!(chunk instanceof Uint8Array)) {
        throw new TypeError(`streamBytes: chunks must be Uint8Arrays, got ${typeof chunk}`);
      }
      return chunk.byteLength;
    },
    written: (index, _chunk, bytes, bytesSent, pending) => ({
      type: 'progress',
      index,
      bytes,
      bytesSent,
      totalSize,
      fraction: fraction(bytesSent),
      pending,
    }),
    closed: (info, chunks, bytesSent) => ({ type: 'closed', info, chunks, bytesSent }),
  });
}
