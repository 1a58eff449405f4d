import { TrackKind } from '@livekit/rtc-node';
import { NEVER, Subject, takeUntil, type Observable } from 'rxjs';
import { TRACK_MEDIA, type TrackMediaHook } from '../internal/trackMedia';
import type { TrackLike } from '../room/RoomLike';
import type { TestAudioSource } from './TestAudioSource';
import { TestTrackPublication } from './TestTrackPublication';
import type { TestVideoSource } from './TestVideoSource';

/** A local track not yet published, as rtc-node's `LocalAudioTrack.createAudioTrack` makes one. */
export interface TestLocalTrackInit {
  readonly name: string;
  /** Default `KIND_AUDIO`. */
  readonly kind?: TrackKind;
  /** The media source behind it. */
  readonly source?: TestAudioSource | TestVideoSource;
}

// A local track learns its publication when it is published (rtc-node sets its sid then).
const publications = new WeakMap<TestTrack, TestTrackPublication>();

/** Links a local track to its publication (internal to livekit-rx/testing). */
export function linkPublication(track: TestTrack, publication: TestTrackPublication): void {
  publications.set(track, publication);
}

/**
 * A track of a {@link TestRoom}: the fields livekit-rx's room streams read from rtc-node's
 * `Track`, and the scripted media of its publication (`frames` in {@link TestTrackInit}), which
 * `audioFrames`/`videoFrames` play instead of a native stream. The media ends when the track is
 * unsubscribed, unpublished or the room disconnects; a track without `frames` plays nothing.
 * A local track made for `publishAudio`/`publishVideo` has the test source it captures into
 * (`source`), so a test can read what was published.
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
  /** The test source a local track captures into (undefined for remote tracks). */
  readonly source: TestAudioSource | TestVideoSource | undefined;
  readonly #local: TestLocalTrackInit | undefined;
  readonly #ended = new Subject<void>();

  /**
   * @param of - The publication it belongs to (its sid, name, kind, mute state and scripted
   *   frames), or a local track's name, kind and source before it is published.
   */
  constructor(of: TestTrackPublication | TestLocalTrackInit) {
    if (of instanceof TestTrackPublication) {
      publications.set(this, of);
      this.source = undefined;
    } else {
      this.#local = of;
      this.source = of.source;
    }
  }

  /** The scripted frames, until the track ends (read by `audioFrames`/`videoFrames`). */
  [TRACK_MEDIA](): Observable<unknown> {
    const frames$: Observable<unknown> = publications.get(this)?.frames ?? NEVER;
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
    return publications.get(this)?.sid;
  }
  get name(): string | undefined {
    return publications.get(this)?.name ?? this.#local?.name;
  }
  get kind(): TrackKind | undefined {
    return publications.get(this)?.kind ?? this.#local?.kind ?? TrackKind.KIND_AUDIO;
  }
  get muted(): boolean | undefined {
    return publications.get(this)?.muted ?? false;
  }
}
