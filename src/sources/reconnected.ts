import type { Observable } from 'rxjs';
import { watchRoom } from '../internal/watchRoom';
import type { RoomLike } from '../room/RoomLike';

/**
 * Emits each time the room has reconnected after {@link reconnecting}. Completes when the room
 * disconnects.
 *
 * ```text
 * room:              ---r----c---r--c--x
 * reconnected(room): --------v------v--|
 * ```
 *
 * @example
 * ```ts
 * import { reconnected } from 'livekit-rx';
 * reconnected(room).subscribe(() => console.log('back online'));
 * ```
 *
 * @param room - A connected room.
 * @returns One `undefined` per successful reconnection; completes on disconnect.
 */
export function reconnected(room: RoomLike): Observable<void> {
  return watchRoom<void>('reconnected', room, (subscriber, listen) =>
    listen('reconnected', () => subscriber.next()),
  );
}
