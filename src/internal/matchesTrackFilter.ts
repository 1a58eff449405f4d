import type { TrackKind, TrackSource } from '@livekit/rtc-node';
import type { TrackFilter } from '../room/TrackFilter';

/** Whether a publication of `identity` passes `filter`. */
export function matchesTrackFilter(
  filter: TrackFilter,
  publication: { readonly kind: TrackKind | undefined; readonly source: TrackSource | undefined },
  identity: string,
): boolean {
  return (
    (filter.kind === undefined || publication.kind === filter.kind) &&
    (filter.source === undefined || publication.source === filter.source) &&
    (filter.identity === undefined || identity === filter.identity)
  );
}
