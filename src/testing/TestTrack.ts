import { TrackKind } from '@livekit/rtc-node';
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
 * `Track`. A remote track carries no media; use `TestAudioSource` and frame helpers for media
 * pipelines. A local track made for `publishAudio`/`publishVideo` has the test source it captures
 * into (`source`), so a test can read what was published.
 *
 * ```text
 * room.publish('alice', { name: 'mic' })  -> TestTrackPublication { track: TestTrack }
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
export class TestTrack implements TrackLike {
  /** The test source a local track captures into (undefined for remote tracks). */
  readonly source: TestAudioSource | TestVideoSource | undefined;
  readonly #local: TestLocalTrackInit | undefined;

  /**
   * @param of - The publication it belongs to (its sid, name, kind and mute state), or a local
   *   track's name, kind and source before it is published.
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
