import type { ChatMessage as RtcChatMessage } from '@livekit/rtc-node';
import { catchError, EMPTY, map, merge, mergeMap, Observable } from 'rxjs';
import { CHAT_TOPIC, LEGACY_CHAT_TOPIC } from '../internal/chatProtocol';
import { textStreamsOf } from '../internal/textStreamsOf';
import { watchRoom } from '../internal/watchRoom';
import type { ParticipantOf, RoomLike } from '../room/RoomLike';
import { dataReceived } from './dataReceived';

/** One chat message received, with its sender. */
export interface ReceivedChatMessage<R extends RoomLike = RoomLike> {
  readonly message: RtcChatMessage;
  /** The sender, if known to the room. */
  readonly participant: ParticipantOf<R> | undefined;
  /**
   * How it came: rtc-node's chat packet (`sendChatMessage`), a text stream on `lk.chat`
   * (LiveKit's chat components, agents, `sendText`/`streamText` on that topic), or the JSON data
   * packet older chat components send on `lk-chat-topic`.
   */
  readonly transport: 'chat-packet' | 'text-stream' | 'legacy-data';
}

/** How many text-stream ids are remembered to drop the legacy copy of the same message. */
const REMEMBERED = 256;

/**
 * Each chat message received while subscribed, however LiveKit clients send chat: rtc-node's
 * chat packets (`sendChatMessage`; edits arrive as messages with the same `id` and an
 * `editTimestamp`), text streams on `lk.chat` (what LiveKit's chat components and agents send:
 * one message per stream, emitted whole when the stream ends, with the stream id as its `id`;
 * a stream cut short is not a message), and the JSON packets of older chat components on
 * `lk-chat-topic` (those marked `ignoreLegacy`, or repeating a text stream just received, are
 * skipped). Completes when the room disconnects.
 *
 * Shares rtc-node's one `lk.chat` text-stream handler with `textStreams` (`TopicInUseError` if
 * your code registered that topic itself).
 *
 * ```text
 * room:               ---m1----s2(hi)----x      (m1: a chat packet; s2: a text stream on lk.chat)
 * chatMessages(room): ---a-----------b---|
 * ```
 *
 * @example
 * ```ts
 * import { chatMessages } from 'livekit-rx';
 * chatMessages(room).subscribe(({ message, participant }) =>
 *   console.log(`${participant?.identity}: ${message.message}`),
 * );
 * ```
 *
 * @param room - A connected room.
 * @returns Chat messages; completes on disconnect.
 */
export function chatMessages<R extends RoomLike>(room: R): Observable<ReceivedChatMessage<R>> {
  type Received = ReceivedChatMessage<R>;
  const packets = watchRoom<Received>('chatMessages', room, (subscriber, listen) =>
    listen('chatMessage', (message, participant) =>
      subscriber.next({
        message,
        participant: participant as ParticipantOf<R> | undefined,
        transport: 'chat-packet',
      }),
    ),
  );
  return new Observable<Received>((subscriber) => {
    const recent = new Set<string>();
    const remember = (id: string): void => {
      recent.add(id);
      if (recent.size > REMEMBERED) recent.delete(recent.values().next().value as string);
    };
    const streams = textStreamsOf('chatMessages', room, { topic: CHAT_TOPIC }).pipe(
      mergeMap((stream) =>
        stream.text$.pipe(
          map((text): Received => {
            remember(stream.info.streamId);
            return {
              message: {
                id: stream.info.streamId,
                timestamp: stream.info.timestamp,
                message: text,
              },
              participant: stream.participant as ParticipantOf<R> | undefined,
              transport: 'text-stream',
            };
          }),
          catchError(() => EMPTY),
        ),
      ),
    );
    const legacy = dataReceived(room, { topic: LEGACY_CHAT_TOPIC }).pipe(
      mergeMap((packet) => {
        const message = legacyMessage(packet.payload);
        if (message === undefined || recent.has(message.id)) return EMPTY;
        return [
          {
            message,
            participant: packet.participant as ParticipantOf<R> | undefined,
            transport: 'legacy-data',
          } satisfies Received,
        ];
      }),
    );
    return merge(packets, streams, legacy).subscribe(subscriber);
  });
}

/** A legacy chat packet's message, unless it is malformed or marked `ignoreLegacy`. */
function legacyMessage(payload: Uint8Array): RtcChatMessage | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(payload));
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { id, timestamp, message, editTimestamp, ignoreLegacy } = parsed as Record<string, unknown>;
  if (ignoreLegacy === true || typeof id !== 'string' || typeof message !== 'string') {
    return undefined;
  }
  return {
    id,
    message,
    timestamp: typeof timestamp === 'number' ? timestamp : 0,
    ...(typeof editTimestamp === 'number' ? { editTimestamp } : {}),
  };
}
