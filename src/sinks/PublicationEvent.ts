import type { TrackPublicationLike } from '../room/RoomLike';

/**
 * The track is published: the first event of `publishAudio` and `publishVideo`. `publication` is
 * rtc-node's `LocalTrackPublication` (a `TestTrackPublication` on a `TestRoom`): pipe a boolean
 * stream into `muted(publication)` to mute it.
 */
export interface PublishedEvent<P = TrackPublicationLike> {
  readonly type: 'published';
  /** The publication's sid (`TR_...`). */
  readonly sid: string;
  /** The local publication. */
  readonly publication: P;
}

/**
 * Why a publication ended without an error: the input completed and everything was played
 * (`'completed'`), the room disconnected (`'room-disconnected'`), or the track was unpublished
 * by someone else, such as your own `unpublishTrack` call (`'unpublished'`).
 */
export type UnpublishReason = 'completed' | 'room-disconnected' | 'unpublished';

/** The track is unpublished and closed: the last event before the sink completes. */
export interface UnpublishedEvent {
  readonly type: 'unpublished';
  /** The publication's sid. */
  readonly sid: string;
  /** Why. */
  readonly reason: UnpublishReason;
}
