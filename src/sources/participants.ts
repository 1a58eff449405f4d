import type { Observable } from 'rxjs';
import { watchRoom } from '../internal/watchRoom';
import type { RemoteParticipantLike, RemoteParticipantOf, RoomLike } from '../room/RoomLike';

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
    subscriber.next(new Map(room.remoteParticipants as ReadonlyMap<string, P>));
    const update = (participant: RemoteParticipantLike): void =>
      subscriber.next(rosterAfter(room, participant) as ReadonlyMap<string, P>);
    listen('participantConnected', update);
    listen('participantDisconnected', update);
  });
}

/**
 * The roster right after a join or leave of `participant`, shared by every subscriber of the same
 * room: rtc-node (and TestRoom) update `remoteParticipants` before emitting, so the copy made by
 * the first subscriber's listener is the one every other subscriber's listener needs. One copy
 * per event instead of one per subscriber.
 */
const lastRoster = new WeakMap<
  RoomLike,
  {
    participant: RemoteParticipantLike;
    present: boolean;
    roster: ReadonlyMap<string, RemoteParticipantLike>;
  }
>();

function rosterAfter(
  room: RoomLike,
  participant: RemoteParticipantLike,
): ReadonlyMap<string, RemoteParticipantLike> {
  const present = room.remoteParticipants.get(participant.identity) === participant;
  const cached = lastRoster.get(room);
  if (cached !== undefined && cached.participant === participant && cached.present === present) {
    return cached.roster;
  }
  const roster = new Map(room.remoteParticipants);
  lastRoster.set(room, { participant, present, roster });
  return roster;
}
