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
