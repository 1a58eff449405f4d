import type { TrackKind } from '@livekit/rtc-node';
import type { TrackLike } from '../room/RoomLike';
import type { TestTrackPublication } from './TestTrackPublication';

/**
 * A track of a {@link TestRoom}: the fields livekit-rx's room streams read from rtc-node's
 * `Track`. It carries no media; use `TestAudioSource` and frame helpers for media pipelines.
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
  /** @param publication - The publication it belongs to (its sid, name, kind and mute state). */
  constructor(private readonly publication: TestTrackPublication) {}
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
