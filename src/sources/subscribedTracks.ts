import type { Observable } from 'rxjs';
import { watchRoomList } from '../internal/watchRoomList';
import type {
  RemoteParticipantOf,
  RemotePublicationOf,
  RemoteTrackOf,
  RoomEventName,
  RoomLike,
} from '../room/RoomLike';
import { matchesTrackFilter } from '../internal/matchesTrackFilter';
import type { TrackFilter } from '../room/TrackFilter';

/** A remote track this client is subscribed to, with its publication and participant. */
export interface SubscribedTrack<R extends RoomLike = RoomLike> {
  readonly track: RemoteTrackOf<R>;
  readonly publication: RemotePublicationOf<R>;
  readonly participant: RemoteParticipantOf<R>;
}

const EVENTS: readonly RoomEventName[] = [
  'participantConnected',
  'participantDisconnected',
  'trackSubscribed',
  'trackUnsubscribed',
  'trackUnpublished',
];

/**
 * The remote tracks this client is subscribed to that match `filter`: the current list first
 * (seeded from the publications that already have a track), then a new list on every
 * subscription, unsubscription, unpublication and leave. Completes when the room disconnects.
 *
 * Each entry carries `track`, `publication` and `participant`; each emission is a fresh array and
 * an unchanged list is not repeated. Hot, one listener per event per subscription.
 *
 * ```text
 * room:                                  ---s1-----s2-----u1---x  (subscribed, unsubscribed)
 * subscribedTracks(room, { kind: AUDIO }): []-[t1]---[t1,t2]-[t2]-|
 * ```
 *
 * @example
 * ```ts
 * import { TrackKind, TrackSource } from '@livekit/rtc-node';
 * import { subscribedTracks } from 'livekit-rx';
 * subscribedTracks(room, { kind: TrackKind.KIND_AUDIO, source: TrackSource.SOURCE_MICROPHONE })
 *   .subscribe((tracks) => console.log(tracks.length, 'microphones subscribed'));
 * ```
 *
 * @param room - A connected room.
 * @param filter - Kind, source, identity.
 * @returns Lists of subscribed tracks; completes on disconnect.
 */
export function subscribedTracks<R extends RoomLike>(
  room: R,
  filter: TrackFilter = {},
): Observable<ReadonlyArray<SubscribedTrack<R>>> {
  return watchRoomList(
    'subscribedTracks',
    room,
    EVENTS,
    () => listSubscribed(room, filter),
    (t) => `${t.participant.identity}/${t.publication.sid}`,
  );
}

function listSubscribed<R extends RoomLike>(
  room: R,
  filter: TrackFilter,
): Array<SubscribedTrack<R>> {
  const list: Array<SubscribedTrack<R>> = [];
  for (const participant of room.remoteParticipants.values()) {
    for (const publication of participant.trackPublications.values()) {
      const track = publication.track;
      if (track === undefined || !matchesTrackFilter(filter, publication, participant.identity)) {
        continue;
      }
      list.push({
        track: track as RemoteTrackOf<R>,
        publication: publication as RemotePublicationOf<R>,
        participant: participant as RemoteParticipantOf<R>,
      });
    }
  }
  return list;
}
