import type { TrackKind } from '@livekit/rtc-node';
import { NEVER, Subject, takeUntil, type Observable } from 'rxjs';
import { TRACK_MEDIA, type TrackMediaHook } from '../internal/trackMedia';
import type { TrackLike } from '../room/RoomLike';
import type { TestTrackPublication } from './TestTrackPublication';

/**
 * A track of a {@link TestRoom}: the fields livekit-rx's room streams read from rtc-node's
 * `Track`, and the scripted media of its publication (`frames` in {@link TestTrackInit}), which
 * `audioFrames`/`videoFrames` play instead of a native stream. The media ends when the track is
 * unsubscribed, unpublished or the room disconnects; a track without `frames` plays nothing.
 *
 * ```text
 * room.publish('alice', { name: 'mic', frames: hot('-a-b-c-d') })  -> TestTrackPublication { track }
 * audioFrames(track, { scheduler }):                                   --a-b-c-|  (unsubscribed)
 * ```
 *
 * @example
 * ```ts
 * import { TestRoom } from 'livekit-rx/testing';
 * const room = new TestRoom();
 * room.join({ identity: 'alice' });
 * const publication = room.publish('alice', { name: 'mic' });
 * publication.track?.name; // 'mic'
 * ```
 */
export class TestTrack implements TrackLike, TrackMediaHook {
  readonly #ended = new Subject<void>();

  /** @param publication - The publication it belongs to (its sid, name, kind, mute state, frames). */
  constructor(private readonly publication: TestTrackPublication) {}

  /** The scripted frames, until the track ends (read by `audioFrames`/`videoFrames`). */
  [TRACK_MEDIA](): Observable<unknown> {
    const frames$: Observable<unknown> = this.publication.frames ?? NEVER;
    return frames$.pipe(takeUntil(this.#ended));
  }

  /**
   * Ends every stream of this track's media (its room calls this when the track is unsubscribed,
   * unpublished or the room disconnects, as rtc-node ends its native streams).
   * @internal
   */
  end(): void {
    this.#ended.next();
    this.#ended.complete();
  }
  get sid(): string | undefined {
    return this.publication.sid;
  }
  get name(): string | undefined {
    return this.publication.name;
  }
  get kind(): TrackKind | undefined {
    return this.publication.kind;
  }
  get muted(): boolean | undefined {
    return this.publication.muted;
  }
}
