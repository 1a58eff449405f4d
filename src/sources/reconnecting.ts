import type { Observable } from 'rxjs';
import { watchRoom } from '../internal/watchRoom';
import type { RoomLike } from '../room/RoomLike';

/**
 * Emits each time the room starts reconnecting (signal lost; media may pause). Completes when the
 * room disconnects. Pair with {@link reconnected}, or use {@link connectionState}.
 *
 * ```text
 * room:               ---r----c---r--x
 * reconnecting(room): ---v--------v--|
 * ```
 *
 * @example
 * ```ts
 * import { reconnecting } from 'livekit-rx';
 * reconnecting(room).subscribe(() => console.warn('connection lost, reconnecting'));
 * ```
 *
 * @param room - A connected room.
 * @returns One `undefined` per reconnection attempt; completes on disconnect.
 */
export function reconnecting(room: RoomLike): Observable<void> {
  return watchRoom<void>('reconnecting', room, (subscriber, listen) =>
    listen('reconnecting', () => subscriber.next()),
  );
}
