import type { ChatMessage } from '@livekit/rtc-node';
import type { Observable } from 'rxjs';
import { PayloadTooLargeError } from '../errors/PayloadTooLargeError';
import { RecipientNotFoundError } from '../errors/RecipientNotFoundError';
import { checkDestinations, missingRecipients, PACKET_PAYLOAD_LIMIT } from '../internal/dataLimits';
import { sendOnce } from '../internal/sendOnce';
import { utf8Encoder } from '../internal/utf8';
import type { RoomLike } from '../room/RoomLike';

/** Options of {@link sendChatMessage}. */
export interface SendChatMessageOptions {
  /** Who receives it (default: everyone in the room). Each must be in the room. */
  readonly destinationIdentities?: readonly string[];
}

/**
 * Sends one chat message (LiveKit's chat protocol, what `chatMessages` receives and LiveKit's
 * web components show) when subscribed: emits the sent `ChatMessage` (its `id` and `timestamp`
 * as rtc-node assigned them), then completes. Cold: each subscription sends once. A message
 * over 15 KiB of UTF-8 fails with a `PayloadTooLargeError` and a destination not in the room
 * with a `RecipientNotFoundError`, before anything is sent; rtc-node refusing it is a
 * `DataSendError`. Unsubscribing before it is sent ignores the result.
 *
 * For a stream of replies, send them in order with a bounded queue:
 * `replies$.pipe(concatMapBounded((text) => sendChatMessage(room, text)))`.
 *
 * ```text
 * sendChatMessage(room, 'hello'):  ---(m|)     (m = the sent ChatMessage)
 * ```
 *
 * @example
 * ```ts
 * import { chatMessages, concatMapBounded, sendChatMessage } from 'livekit-rx';
 * chatMessages(room)
 *   .pipe(concatMapBounded(({ message, participant }) =>
 *     sendChatMessage(room, `echo: ${message.message}`, {
 *       destinationIdentities: participant ? [participant.identity] : [],
 *     }),
 *   ))
 *   .subscribe();
 * ```
 *
 * @param room - A connected room.
 * @param text - The message.
 * @param options - Who receives it.
 * @returns The sent message, then completion.
 * @throws TypeError at once for destinations that are not identities.
 */
export function sendChatMessage(
  room: RoomLike,
  text: string,
  options: SendChatMessageOptions = {},
): Observable<ChatMessage> {
  const destinations = checkDestinations('sendChatMessage', options.destinationIdentities);
  return sendOnce<ChatMessage>(
    'sendChatMessage',
    room,
    (hooks, done) =>
      hooks.sendChatMessage(text, destinations, (error, message) =>
        done(error, message as ChatMessage),
      ),
    () => {
      const byteLength = utf8Encoder.encode(text).byteLength;
      if (byteLength > PACKET_PAYLOAD_LIMIT) {
        return new PayloadTooLargeError({
          sink: 'sendChatMessage',
          index: 0,
          byteLength,
          limit: PACKET_PAYLOAD_LIMIT,
          reliable: true,
          topic: undefined,
        });
      }
      const missing = missingRecipients(room, destinations);
      if (missing === undefined) return undefined;
      return new RecipientNotFoundError({
        sink: 'sendChatMessage',
        index: 0,
        missing,
        present: [...room.remoteParticipants.keys()],
      });
    },
  );
}
