import type { TrackKind, TrackSource } from '@livekit/rtc-node';

/** Which tracks a track stream keeps; every given field must match. */
export interface TrackFilter {
  /** Audio or video. */
  readonly kind?: TrackKind;
  /** Microphone, camera, screen share, screen-share audio. */
  readonly source?: TrackSource;
  /** Only this participant's tracks. */
  readonly identity?: string;
}

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
