import type { Observable } from 'rxjs';
import type { ParticipantLike, RoomEventName, RoomLike, TrackLike } from '../room/RoomLike';
import { findParticipant } from './findParticipant';
import { watchRoom } from './watchRoom';

/** Chooses a participant's track, if any. */
export type TrackPick = (participant: ParticipantLike) => TrackLike | undefined;

const EVENTS: readonly RoomEventName[] = [
  'participantConnected',
  'trackSubscribed',
  'trackUnsubscribed',
  'trackUnpublished',
  'localTrackPublished',
  'localTrackUnpublished',
];

/**
 * The track `pick` chooses among the tracks of participant `identity`: the current choice first
 * (`undefined` while there is none: the participant is absent or has nothing matching), then
 * each change. When the participant leaves or the room disconnects it emits a last `undefined`
 * and completes, so a `switchMap` over it always closes the stream of the last track.
 */
export function selectTrack(
  source: string,
  room: RoomLike,
  identity: string,
  pick: TrackPick,
): Observable<TrackLike | undefined> {
  const end = (subscriber: { next(t: undefined): void; complete(): void }): void => {
    subscriber.next(undefined);
    subscriber.complete();
  };
  return watchRoom<TrackLike | undefined>(
    source,
    room,
    (subscriber, listen) => {
      let current: TrackLike | undefined;
      const update = (): void => {
        const track = pickFrom(room, identity, pick);
        if (track === current) return;
        current = track;
        subscriber.next(track);
      };
      subscriber.next((current = pickFrom(room, identity, pick)));
      for (const event of EVENTS) listen(event, update);
      listen('participantDisconnected', (participant) => {
        if (participant.identity === identity) end(subscriber);
      });
    },
    end,
  );
}

function pickFrom(room: RoomLike, identity: string, pick: TrackPick): TrackLike | undefined {
  const participant = findParticipant(room, identity);
  return participant === undefined ? undefined : pick(participant);
}
