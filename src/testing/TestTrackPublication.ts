import {
  EncryptionType,
  TrackKind,
  TrackSource,
  type AudioFrame,
  type VideoFrameEvent,
} from '@livekit/rtc-node';
import type { Observable } from 'rxjs';
import { muteHook, type MutableByHook } from '../internal/publishHooks';
import type { RemoteTrackPublicationLike } from '../room/RoomLike';
import type { TestTrack } from './TestTrack';

/** What a scripted track is: everything optional but its name. */
export interface TestTrackInit {
  /** The publication/track sid (default: `TR_<n>`, numbered per room). */
  readonly sid?: string;
  readonly name: string;
  /** Default `KIND_AUDIO`. */
  readonly kind?: TrackKind;
  /** Default `SOURCE_MICROPHONE` for audio, `SOURCE_CAMERA` for video. */
  readonly source?: TrackSource;
  /** Default `false`. */
  readonly muted?: boolean;
  /** Default `audio/opus` or `video/vp8`. */
  readonly mimeType?: string;
  /** Default `EncryptionType.NONE`. */
  readonly encryptionType?: EncryptionType;
  /**
   * The track's media, as `audioFrames`/`videoFrames` will read it: audio frames for an audio
   * track, video frame events for a video track (default: none). Each reader subscribes to it
   * when it opens the track (pass a hot observable for live media) until the track ends.
   */
  readonly frames?: Observable<AudioFrame> | Observable<VideoFrameEvent>;
}

/**
 * A track publication of a {@link TestRoom} (remote or local): the fields livekit-rx's room
 * streams read from rtc-node's `TrackPublication`, mutated in place by the room's script like
 * rtc-node mutates its own.
 *
 * ```text
 * room.mute('alice', sid)  -> publication.muted === true, then TrackMuted(publication, alice)
 * ```
 *
 * @example
 * ```ts
 * import { TestRoom } from 'livekit-rx/testing';
 * const room = new TestRoom();
 * room.join({ identity: 'alice' });
 * const mic = room.publish('alice', { name: 'mic' });
 * room.mute('alice', mic.sid);
 * mic.muted; // true
 * ```
 */
export class TestTrackPublication implements RemoteTrackPublicationLike, MutableByHook {
  readonly sid: string;
  readonly name: string;
  readonly kind: TrackKind;
  readonly source: TrackSource;
  readonly mimeType: string;
  readonly encryptionType: EncryptionType;
  /** The scripted media of its track, if any. */
  readonly frames: Observable<AudioFrame> | Observable<VideoFrameEvent> | undefined;
  muted: boolean;
  /** The track while subscribed (remote) or published (local). */
  track: TestTrack | undefined = undefined;
  /** Whether the local participant is subscribed (remote publications). */
  subscribed = false;
  /** How `muted()` mutes it: set for the local participant's publications only. */
  [muteHook]: ((muted: boolean) => void) | undefined = undefined;

  /**
   * @param init - The track's description.
   * @param sid - Its sid.
   */
  constructor(init: TestTrackInit, sid: string) {
    const video = init.kind === TrackKind.KIND_VIDEO;
    this.sid = sid;
    this.name = init.name;
    this.kind = init.kind ?? TrackKind.KIND_AUDIO;
    this.source =
      init.source ?? (video ? TrackSource.SOURCE_CAMERA : TrackSource.SOURCE_MICROPHONE);
    this.muted = init.muted ?? false;
    this.mimeType = init.mimeType ?? (video ? 'video/vp8' : 'audio/opus');
    this.encryptionType = init.encryptionType ?? EncryptionType.NONE;
    this.frames = init.frames;
  }
}
