import type { TextStreamInfo } from '@livekit/rtc-node';
import { Observable } from 'rxjs';
import { DataStreamError } from '../errors/DataStreamError';
import { sendPreflight } from '../internal/sendPreflight';
import { streamSendOptions } from '../internal/streamSendOptions';
import { assertRoomLike, watchRoom } from '../internal/watchRoom';
import type { RoomLike } from '../room/RoomLike';
import type { DataStreamSendOptions } from './DataStreamSendOptions';

/**
 * Sends a whole text as one LiveKit text stream (rtc-node's `sendText`: the header carries its
 * size, and it may be compressed on the wire), as a cold one-shot: each subscription sends once,
 * then emits the stream's info and completes. Unsubscribing before that does not recall what
 * rtc-node is already sending; its result is ignored. A destination not in the room is an
 * `RecipientNotFoundError` before anything is sent; a room not connected, a
 * `RoomNotConnectedError`; a send rtc-node rejects or a disconnect before it is done, a
 * `DataStreamError`. On a `TestRoom` it completes in the same virtual frame and `room.sent$`
 * records `{ type: 'text', ... }`.
 *
 * ```text
 * sendText(room, 'hello'):  (i|)     i = the stream's TextStreamInfo
 * ```
 *
 * @example
 * ```ts
 * import { sendText } from 'livekit-rx';
 * sendText(room, 'The meeting starts in 5 minutes', { topic: 'lk.chat' }).subscribe((info) =>
 *   console.log('sent as stream', info.streamId),
 * );
 * ```
 *
 * @param room - A connected room: rtc-node's `Room`, or a `TestRoom`.
 * @param text - The text.
 * @param options - Topic, attributes, destinations, stream id.
 * @returns The stream's info once sent, then complete.
 * @throws TypeError at once if `room` is not a room, `text` not a string, or an option has the
 *   wrong type.
 */
export function sendText(
  room: RoomLike,
  text: string,
  options: DataStreamSendOptions = {},
): Observable<TextStreamInfo> {
  assertRoomLike('sendText', room);
  if (typeof text !== 'string') {
    throw new TypeError(`sendText: text must be a string, got ${typeof text}`);
  }
  const send = streamSendOptions('sendText', options);
  return new Observable<TextStreamInfo>((outer) => {
    let hooks;
    try {
      hooks = sendPreflight('sendText', room, send.destinationIdentities, send.checkDestinations);
    } catch (err) {
      outer.error(err);
      return;
    }
    const failure = (problem: 'write-failed' | 'room-disconnected', cause?: unknown) =>
      new DataStreamError(
        {
          source: 'sendText',
          streamKind: 'text',
          direction: 'outgoing',
          problem,
          topic: send.topic,
          streamId: send.streamId,
          sender: undefined,
          chunks: 0,
          bytes: 0,
          detail: cause instanceof Error ? cause.message : undefined,
        },
        cause,
      );
    return watchRoom<TextStreamInfo>(
      'sendText',
      room,
      (subscriber) =>
        hooks.sendText(text, send, (err, info) => {
          if (subscriber.closed) return;
          if (err !== undefined || info === undefined) {
            subscriber.error(failure(room.isConnected ? 'write-failed' : 'room-disconnected', err));
            return;
          }
          subscriber.next(info);
          subscriber.complete();
        }),
      (subscriber) => subscriber.error(failure('room-disconnected')),
    ).subscribe(outer);
  });
}
