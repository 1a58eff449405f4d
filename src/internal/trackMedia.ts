import type { Observable } from 'rxjs';

/**
 * The key of the hook through which a track from `livekit-rx/testing` supplies its media (a
 * scripted observable of frames) in place of rtc-node's native stream. Internal: not exported
 * from the package; `TestTrack` implements it.
 */
export const TRACK_MEDIA: unique symbol = Symbol.for('livekit-rx.trackMedia') as never;

/** A track that supplies its own media (a `TestTrack`). */
export interface TrackMediaHook {
  [TRACK_MEDIA](): Observable<unknown>;
}

/** The scripted media of a test track, or undefined for any other track. */
export function trackMediaOf(track: unknown): Observable<unknown> | undefined {
  const hook = (track as Partial<TrackMediaHook> | null)?.[TRACK_MEDIA];
  return typeof hook === 'function' ? hook.call(track) : undefined;
}
