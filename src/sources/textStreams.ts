import type { TextStreamInfo } from '@livekit/rtc-node';
import type { Observable } from 'rxjs';
import { textStreamsOf } from '../internal/textStreamsOf';
import type { RemoteParticipantOf, RoomLike } from '../room/RoomLike';
import type { IncomingStreamsOptions } from './IncomingStreamsOptions';

/** One incoming text stream: its header, its sender, and its text chunk by chunk or whole. */
export interface IncomingTextStream<R extends RoomLike = RoomLike> {
  /** The stream's header: id, topic, MIME type, timestamp, size (if sent whole), attributes. */
  readonly info: TextStreamInfo;
  /** The sender's identity. */
  readonly sender: string;
  /** The sender, if still in the room when the stream opened. */
  readonly participant: RemoteParticipantOf<R> | undefined;
  /**
   * The chunks as they arrive; completes at the stream's end, errors with a `DataStreamError` if
   * it is cut (sender aborted or left, room disconnected). Hot, with a bounded wait for its first
   * subscriber: chunks that arrived before it was first subscribed are delivered to that
   * subscriber first; later subscribers get the chunks from the moment they subscribe.
   */
  readonly chunks$: Observable<string>;
  /** The whole text, once, when the stream ends (to every subscriber, whenever it subscribes). */
  readonly text$: Observable<string>;
}

/**
 * Every text stream that opens on `topic` while subscribed, as an {@link IncomingTextStream}
 * (chunks as they arrive, and the whole text at the end). rtc-node allows one handler per topic:
 * livekit-rx registers it on the first subscription and shares it, so any number of subscribers
 * (and `transcriptions`/`chatMessages` on their topics) each get every stream; it fails with a
 * `TopicInUseError` if your code registered the topic itself. Each stream is read to its end
 * whoever listens (a stream no subscriber wants is closed unread), so no native reader is left
 * open; its `chunks$` waits for a late first subscriber (`bufferSize`, `overflow`), so
 * `concatMap` over streams loses nothing. Streams already under way when you subscribe are not
 * emitted. Completes when the room disconnects (streams under way then error with
 * `DataStreamError` `'room-disconnected'`). On a `TestRoom`, scripted streams arrive in virtual time.
 *
 * ```text
 * room:                      ---S(a,b,c)-------T(x)----x     (two streams from bob)
 * textStreams(room, {...}):  ---S--------------T-------|
 * S.chunks$:                    -a-b-c|
 * S.text$:                      ------(abc|)
 * ```
 *
 * @example
 * ```ts
 * import { mergeMap } from 'rxjs';
 * import { textStreams } from 'livekit-rx';
 * textStreams(room, { topic: 'lk.chat' })
 *   .pipe(mergeMap((stream) => stream.chunks$))
 *   .subscribe((token) => process.stdout.write(token));
 * ```
 *
 * @param room - A connected room: rtc-node's `Room`, or a `TestRoom`.
 * @param options - The topic, which senders, and how long a stream's chunks wait for a subscriber.
 * @returns One value per incoming stream; completes on disconnect.
 * @throws TypeError at once if `room` is not a room or `topic` not a string; RangeError for a
 *   `bufferSize` that is not a whole number >= 1.
 */
export function textStreams<R extends RoomLike>(
  room: R,
  options: IncomingStreamsOptions,
): Observable<IncomingTextStream<R>> {
  return textStreamsOf('textStreams', room, options);
}
