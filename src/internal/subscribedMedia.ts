import type { TrackKind } from '@livekit/rtc-node';
import { defer, filter, map, mergeMap, take, takeUntil, type Observable } from 'rxjs';
import type { RoomLike, TrackLike } from '../room/RoomLike';
import type { TrackFilter } from '../room/TrackFilter';
import { subscribedTracks, type SubscribedTrack } from '../sources/subscribedTracks';
import { selectTrack } from './selectTrack';

/** A subscribed track and the stream of its frames. */
export type SubscribedMedia<R extends RoomLike, F> = SubscribedTrack<R> & {
  /** The track's frames; completes when the track is unsubscribed or unpublished. */
  readonly frames$: Observable<F>;
};

/**
 * One value per newly subscribed track of `kind` that passes `trackFilter` (those subscribed at
 * subscription time first), each with `read(track)` cut off when that track leaves the room's
 * subscriptions.
 */
export function subscribedMedia<R extends RoomLike, F>(
  operator: string,
  room: R,
  kind: TrackKind,
  trackFilter: Omit<TrackFilter, 'kind'>,
  read: (track: TrackLike) => Observable<F>,
): Observable<SubscribedMedia<R, F>> {
  return defer(() => {
    let previous = new Set<unknown>();
    return subscribedTracks(room, { ...trackFilter, kind }).pipe(
      mergeMap((list) => {
        const added = list.filter((entry) => !previous.has(entry.track));
        previous = new Set(list.map((entry) => entry.track));
        return added;
      }),
      map((entry) => {
        const gone$ = selectTrack(operator, room, entry.participant.identity, (participant) =>
          [...participant.trackPublications.values()].some((p) => p.track === entry.track)
            ? entry.track
            : undefined,
        ).pipe(
          filter((track) => track !== entry.track),
          take(1),
        );
        return { ...entry, frames$: read(entry.track).pipe(takeUntil(gone$)) };
      }),
    );
  });
}
