import type { ChatMessage as RtcChatMessage } from '@livekit/rtc-node';
import type { Observable } from 'rxjs';
import { watchRoom } from '../internal/watchRoom';
import type { ParticipantOf, RoomLike } from '../room/RoomLike';

/** One chat message received, with its sender. */
export interface ReceivedChatMessage<R extends RoomLike = RoomLike> {
  readonly message: RtcChatMessage;
  /** The sender, if known to the room. */
  readonly participant: ParticipantOf<R> | undefined;
}

/**
 * Each chat message received while subscribed (LiveKit's chat protocol; edits arrive as messages
 * with the same `id` and an `editTimestamp`). Completes when the room disconnects.
 *
 * ```text
 * room:               ---m1----m2---x
 * chatMessages(room): ---a-----b----|
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
  return watchRoom<ReceivedChatMessage<R>>('chatMessages', room, (subscriber, listen) =>
    listen('chatMessage', (message, participant) =>
      subscriber.next({ message, participant: participant as ParticipantOf<R> | undefined }),
    ),
  );
}
