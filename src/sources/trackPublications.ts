import type { Observable } from 'rxjs';
import { watchRoomList } from '../internal/watchRoomList';
import type { ParticipantOf, PublicationOf, RoomLike, RoomEventName } from '../room/RoomLike';
import { matchesTrackFilter } from '../internal/matchesTrackFilter';
import type { TrackFilter } from '../room/TrackFilter';

/** One published track in the room, with who published it. */
export interface PublishedTrack<R extends RoomLike = RoomLike> {
  readonly publication: PublicationOf<R>;
  readonly participant: ParticipantOf<R>;
  /** Whether the publication belongs to the local participant. */
  readonly local: boolean;
}

/** Options of {@link trackPublications}. */
export interface TrackPublicationsFilter extends TrackFilter {
  /** Include the local participant's publications (default `true`). */
  readonly local?: boolean;
}

const EVENTS: readonly RoomEventName[] = [
  'participantConnected',
  'participantDisconnected',
  'trackPublished',
  'trackUnpublished',
  'localTrackPublished',
  'localTrackUnpublished',
  'localTrackRepublished',
  'trackMuted',
  'trackUnmuted',
];

/**
 * Every track publication in the room that matches `filter` (local and remote, subscribed or
 * not): the current list first (seeded from each participant's `trackPublications`, since
 * rtc-node does not announce what was published before you joined), then a new list whenever a
 * track is published, unpublished, muted or unmuted, or its participant joins or leaves.
 * Completes when the room disconnects.
 *
 * Each emission is a fresh array; consecutive equal lists (same publications, same mute states)
 * are not repeated. Hot, one listener per event per subscription.
 *
 * ```text
 * room:                                 ---p------m------u----x   (publish, mute, unpublish)
 * trackPublications(room, { kind }):    []-[t]----[t*]---[]---|   (t* = muted)
 * ```
 *
 * @example
 * ```ts
 * import { TrackKind } from '@livekit/rtc-node';
 * import { trackPublications } from 'livekit-rx';
 * trackPublications(room, { kind: TrackKind.KIND_AUDIO, local: false }).subscribe((tracks) =>
 *   console.log(tracks.map((t) => `${t.participant.identity}/${t.publication.name}`)),
 * );
 * ```
 *
 * @param room - A connected room.
 * @param filter - Kind, source, identity, and whether to include local publications.
 * @returns Publication lists; completes on disconnect.
 */
export function trackPublications<R extends RoomLike>(
  room: R,
  filter: TrackPublicationsFilter = {},
): Observable<ReadonlyArray<PublishedTrack<R>>> {
  return watchRoomList(
    'trackPublications',
    room,
    EVENTS,
    () => listPublications(room, filter),
    (t) => `${t.participant.identity}/${t.publication.sid}/${t.publication.muted}`,
  );
}

function listPublications<R extends RoomLike>(
  room: R,
  filter: TrackPublicationsFilter,
): Array<PublishedTrack<R>> {
  const list: Array<PublishedTrack<R>> = [];
  const add = (participant: ParticipantOf<R>, local: boolean): void => {
    for (const publication of participant.trackPublications.values()) {
      if (matchesTrackFilter(filter, publication, participant.identity)) {
        list.push({ publication: publication as PublicationOf<R>, participant, local });
      }
    }
  };
  if (filter.local !== false && room.localParticipant !== undefined) {
    add(room.localParticipant as ParticipantOf<R>, true);
  }
  for (const remote of room.remoteParticipants.values()) add(remote as ParticipantOf<R>, false);
  return list;
}
