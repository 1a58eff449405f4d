import type { Observable } from 'rxjs';
import { watchRoom } from '../internal/watchRoom';
import type { RemoteParticipantOf, RoomLike } from '../room/RoomLike';

/**
 * Each remote participant who joins while subscribed (those already present are not replayed:
 * use {@link participants} for the roster). Completes when the room disconnects.
 *
 * ```text
 * room:                    ---a-----b----x
 * participantJoined(room): ---a-----b----|
 * ```
 *
 * @example
 * ```ts
 * import { participantJoined } from 'livekit-rx';
 * participantJoined(room).subscribe((p) => console.log(`${p.identity} joined`));
 * ```
 *
 * @param room - A connected room.
 * @returns Joining participants; completes on disconnect.
 */
export function participantJoined<R extends RoomLike>(room: R): Observable<RemoteParticipantOf<R>> {
  return watchRoom<RemoteParticipantOf<R>>('participantJoined', room, (subscriber, listen) =>
    listen('participantConnected', (p) => subscriber.next(p as RemoteParticipantOf<R>)),
  );
}
