import { filter, map, take, type Observable } from 'rxjs';
import type { RemoteParticipantOf, RoomLike } from '../room/RoomLike';
import { participants } from './participants';

/**
 * The first remote participant in the room, then completion (Pipecat's
 * `on_first_participant_joined`): one already present is emitted at once, else the first to
 * join. Completes without a value if the room disconnects first.
 *
 * ```text
 * room:                         -----a----b---
 * firstParticipantJoined(room): -----(a|)
 * ```
 *
 * @example
 * ```ts
 * import { firstParticipantJoined } from 'livekit-rx';
 * firstParticipantJoined(room).subscribe((p) => greet(p.identity));
 * ```
 *
 * @param room - A connected room.
 * @returns One participant, then completion.
 */
export function firstParticipantJoined<R extends RoomLike>(
  room: R,
): Observable<RemoteParticipantOf<R>> {
  return participants(room).pipe(
    filter((roster) => roster.size > 0),
    map((roster) => roster.values().next().value as RemoteParticipantOf<R>),
    take(1),
  );
}
