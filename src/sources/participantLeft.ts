import type { Observable } from 'rxjs';
import { watchRoom } from '../internal/watchRoom';
import type { RemoteParticipantOf, RoomLike } from '../room/RoomLike';

/**
 * Each remote participant who leaves while subscribed (after their tracks were unsubscribed and
 * unpublished; `participant.disconnectReason` says why on a real room). Completes when the room
 * disconnects.
 *
 * ```text
 * room:                  ---a'----b'---x
 * participantLeft(room): ---a-----b----|
 * ```
 *
 * @example
 * ```ts
 * import { participantLeft } from 'livekit-rx';
 * participantLeft(room).subscribe((p) => console.log(`${p.identity} left`));
 * ```
 *
 * @param room - A connected room.
 * @returns Leaving participants; completes on disconnect.
 */
export function participantLeft<R extends RoomLike>(room: R): Observable<RemoteParticipantOf<R>> {
  return watchRoom<RemoteParticipantOf<R>>('participantLeft', room, (subscriber, listen) =>
    listen('participantDisconnected', (p) => subscriber.next(p as RemoteParticipantOf<R>)),
  );
}
