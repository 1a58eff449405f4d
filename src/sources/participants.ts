import type { Observable } from 'rxjs';
import { watchRoom } from '../internal/watchRoom';
import type { RemoteParticipantOf, RoomLike } from '../room/RoomLike';

/**
 * The remote roster: a map from identity to participant, first as it is now (seeded from
 * `room.remoteParticipants`, since rtc-node does not announce the participants already present),
 * then a new map after each join and leave. Completes when the room disconnects.
 *
 * Each emission is a fresh `ReadonlyMap` snapshot (safe to keep). Hot, one pair of listeners per
 * subscription. The local participant is not in it.
 *
 * ```text
 * room:               ---a----b----a'--x     (a joins, b joins, a leaves, disconnect)
 * participants(room): {}-{a}--{a,b}-{b}-|
 * ```
 *
 * @example
 * ```ts
 * import { map, distinctUntilChanged } from 'rxjs';
 * import { participants } from 'livekit-rx';
 * const recording$ = participants(room).pipe(
 *   map((roster) => roster.size >= 2),
 *   distinctUntilChanged(),
 * );
 * ```
 *
 * @param room - A connected room.
 * @returns Roster snapshots keyed by identity; completes on disconnect.
 */
export function participants<R extends RoomLike>(
  room: R,
): Observable<ReadonlyMap<string, RemoteParticipantOf<R>>> {
  type P = RemoteParticipantOf<R>;
  return watchRoom<ReadonlyMap<string, P>>('participants', room, (subscriber, listen) => {
    let roster = new Map(room.remoteParticipants as ReadonlyMap<string, P>);
    subscriber.next(roster);
    listen('participantConnected', (participant) => {
      roster = new Map(roster).set(participant.identity, participant as P);
      subscriber.next(roster);
    });
    listen('participantDisconnected', (participant) => {
      if (!roster.has(participant.identity)) return;
      roster = new Map(roster);
      roster.delete(participant.identity);
      subscriber.next(roster);
    });
  });
}
