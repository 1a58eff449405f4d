import type { Observable } from 'rxjs';
import { rememberRoom } from '../internal/roomMemory';
import { watchRoom } from '../internal/watchRoom';
import type { ParticipantOf, RoomLike } from '../room/RoomLike';

/**
 * Who is speaking, loudest first (local participant included): the current list, then each
 * change the server reports; completes when the room disconnects.
 *
 * rtc-node keeps no current list, so livekit-rx remembers it per room from the moment the room
 * came through {@link connect} or {@link fromRoom} (or the first `activeSpeakers` subscription):
 * later subscribers start from the real current list, not from `[]`.
 *
 * ```text
 * room:                 ----s1-------s2-----x     (s = ActiveSpeakersChanged)
 * activeSpeakers(room): []--[a]------[b,a]--|
 * ```
 *
 * @example
 * ```ts
 * import { map } from 'rxjs';
 * import { activeSpeakers } from 'livekit-rx';
 * activeSpeakers(room)
 *   .pipe(map((speakers) => speakers.map((p) => p.identity)))
 *   .subscribe((ids) => ui.highlight(ids));
 * ```
 *
 * @param room - A connected room.
 * @returns The active speakers now, then each change; completes on disconnect.
 */
export function activeSpeakers<R extends RoomLike>(
  room: R,
): Observable<ReadonlyArray<ParticipantOf<R>>> {
  return watchRoom<ReadonlyArray<ParticipantOf<R>>>(
    'activeSpeakers',
    room,
    (subscriber, listen) => {
      const memory = rememberRoom(room);
      subscriber.next(memory.speakers as unknown as ReadonlyArray<ParticipantOf<R>>);
      listen('activeSpeakersChanged', (speakers) =>
        subscriber.next([...speakers] as unknown as ReadonlyArray<ParticipantOf<R>>),
      );
    },
  );
}
