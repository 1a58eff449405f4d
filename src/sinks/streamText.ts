import type { TextStreamInfo } from '@livekit/rtc-node';
import type { OperatorFunction } from 'rxjs';
import { outgoingStream } from '../internal/outgoingStream';
import type { OverflowPolicy } from '../internal/OverflowPolicy';
import { sinkBufferSize, streamSendOptions } from '../internal/streamSendOptions';
import { assertRoomLike } from '../internal/watchRoom';
import type { RoomLike } from '../room/RoomLike';
import type { DataStreamSendOptions } from './DataStreamSendOptions';

/** Options of {@link streamText}. */
export interface StreamTextOptions extends DataStreamSendOptions {
  /** Chunks that may wait while one is written or the stream opens (default 1000). */
  readonly bufferSize?: number;
  /** What a chunk arriving to a full queue does (default `'error'`: a `QueueOverflowError`). */
  readonly overflow?: OverflowPolicy;
}

/** The stream is open: receivers have its header. */
export interface TextStreamOpenedEvent {
  readonly type: 'opened';
  readonly info: TextStreamInfo;
}

/** One of your chunks was written to the stream. */
export interface TextStreamWrittenEvent {
  readonly type: 'written';
  /** Zero-based index of the chunk in your input. */
  readonly index: number;
  readonly chunk: string;
  /** Its UTF-8 size. */
  readonly bytes: number;
  /** UTF-8 bytes written so far. */
  readonly totalBytes: number;
  /** Chunks still waiting. */
  readonly pending: number;
}

/** One of your chunks was discarded by the overflow policy (never sent). */
export interface TextStreamDroppedEvent {
  readonly type: 'dropped';
  readonly index: number;
  readonly chunk: string;
  readonly policy: 'drop-oldest' | 'drop-newest';
  readonly pending: number;
}

/** Everything was written and the stream closed normally: the last event. */
export interface TextStreamClosedEvent {
  readonly type: 'closed';
  readonly info: TextStreamInfo;
  /** Chunks written. */
  readonly chunks: number;
  /** UTF-8 bytes written. */
  readonly bytes: number;
}

/** The events of {@link streamText}. */
export type TextStreamEvent =
  TextStreamOpenedEvent | TextStreamWrittenEvent | TextStreamDroppedEvent | TextStreamClosedEvent;

/**
 * Streams text into the room as one LiveKit text stream per subscription, each input string a
 * chunk: an LLM's tokens, as they come. Subscribing opens the stream (receivers see it at once,
 * and `textStreams` emits it); chunks are written in order, one at a time, at most `bufferSize`
 * waiting meanwhile (chunks that come before the stream is open wait too); completing the input
 * closes the stream once everything is written, then `closed` and complete. The input's error, an
 * overflow under `'error'`, or unsubscribing aborts the stream: receivers get an error with the
 * reason, never a clean end of a cut reply. The room disconnecting fails it with
 * `DataStreamError` `'room-disconnected'`; a destination not in the room is an
 * `RecipientNotFoundError` before anything is sent; a room not connected, a
 * `RoomNotConnectedError`. Empty chunks are not sent (receivers drop them), but get their
 * `written` event. On a `TestRoom` it runs in virtual time and `room.sent$` records it.
 *
 * ```text
 * tokens:      --a--b-----c--|
 * streamText:  O-A--B-----C--(X|)     O = opened, A/B/C = written, X = closed
 *
 * tokens:      --a--b--#
 * streamText:  O-A--B--#              (the stream is aborted: receivers see the error)
 * ```
 *
 * @example
 * ```ts
 * import { streamText } from 'livekit-rx';
 * llmTokens$
 *   .pipe(streamText(room, { topic: 'lk.chat', destinationIdentities: ['alice'] }))
 *   .subscribe((event) => event.type === 'closed' && console.log(`sent ${event.bytes} bytes`));
 * ```
 *
 * @param room - A connected room: rtc-node's `Room`, or a `TestRoom`.
 * @param options - Topic, attributes, destinations, stream id, the queue's bound and policy.
 * @returns An operator from text chunks to {@link TextStreamEvent}s.
 * @throws TypeError at once if `room` is not a room or an option has the wrong type; RangeError
 *   for a `bufferSize` that is not a whole number >= 1.
 */
export function streamText(
  room: RoomLike,
  options: StreamTextOptions = {},
): OperatorFunction<string, TextStreamEvent> {
  assertRoomLike('streamText', room);
  const send = streamSendOptions('streamText', options);
  const bufferSize = sinkBufferSize('streamText', options.bufferSize, 1000);
  return outgoingStream<string, TextStreamInfo, TextStreamEvent>(room, {
    sink: 'streamText',
    kind: 'text',
    send,
    bufferSize,
    overflow: options.overflow ?? 'error',
    totalSize: undefined,
    open: (hooks, done) => hooks.openText(send, done),
    size: (chunk) => {
      if (typeof chunk !== 'string') {
        throw new TypeError(`streamText: chunks must be strings, got ${typeof chunk}`);
      }
      return Buffer.byteLength(chunk, 'utf8');
    },
    written: (index, chunk, bytes, totalBytes, pending) => ({
      type: 'written',
      index,
      chunk,
      bytes,
      totalBytes,
      pending,
    }),
    closed: (info, chunks, bytes) => ({ type: 'closed', info, chunks, bytes }),
  });
}
