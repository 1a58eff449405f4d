import type { DisconnectReason } from '@livekit/rtc-node';
import type { Observable } from 'rxjs';
import { watchRoom } from '../internal/watchRoom';
import type { RoomLike } from '../room/RoomLike';

/**
 * The reason the room disconnects, once, then completion: `CLIENT_INITIATED` after
 * `room.disconnect()`, or what the server said (`ROOM_DELETED`, `PARTICIPANT_REMOVED`,
 * `DUPLICATE_IDENTITY`, ...).
 *
 * ```text
 * room:               ---------x(ROOM_DELETED)
 * disconnected(room): ---------(r|)
 * ```
 *
 * @example
 * ```ts
 * import { DisconnectReason } from '@livekit/rtc-node';
 * import { disconnected } from 'livekit-rx';
 * disconnected(room).subscribe((reason) => console.log('left:', DisconnectReason[reason]));
 * ```
 *
 * @param room - A connected room.
 * @returns The disconnect reason, then completion.
 */
export function disconnected(room: RoomLike): Observable<DisconnectReason> {
  return watchRoom<DisconnectReason>(
    'disconnected',
    room,
    () => undefined,
    (subscriber, reason) => {
      subscriber.next(reason);
      subscriber.complete();
    },
  );
}
