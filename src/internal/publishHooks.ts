import {
  AudioSource,
  LocalAudioTrack,
  LocalVideoTrack,
  VideoSource,
  type LocalTrack,
  type TrackPublishOptions,
  type VideoFrame,
  type VideoRotation,
} from '@livekit/rtc-node';
import type { ObservableInput, SchedulerLike } from 'rxjs';
import type { RoomLike, TrackPublicationLike } from '../room/RoomLike';
import type { AudioSourceLike } from '../sinks/captureAudio';

/**
 * The key under which a local participant offers its own {@link PublishHooks}.
 * `livekit-rx/testing`'s `TestLocalParticipant` does, so `publishAudio`/`publishVideo`/`muted`
 * run on a `TestRoom` in virtual time without the native runtime; rtc-node's does not, and
 * {@link publishHooksOf} falls back to rtc-node's classes. A registered symbol (`Symbol.for`):
 * `livekit-rx` and `livekit-rx/testing` agree on it even when loaded as separate copies (ESM and
 * CJS, or two installs).
 * @internal
 */
export const publishHooks: unique symbol = Symbol.for('livekit-rx.publishHooks');

/**
 * The key under which a local `TestTrackPublication` offers its mute switch (rtc-node's local
 * publications are muted through the FFI instead: `src/native/setTrackMuted.ts`).
 * @internal
 */
export const muteHook: unique symbol = Symbol.for('livekit-rx.muteHook');

/** A publication that can be muted through {@link muteHook}. @internal */
export interface MutableByHook {
  [muteHook]?: ((muted: boolean) => void) | undefined;
}

/** What `publishAudio` needs of an audio source: rtc-node's `AudioSource`, or `TestAudioSource`. @internal */
export interface PublishAudioSource extends AudioSourceLike {
  /** Audio captured but not yet played, in ms. */
  readonly queuedDuration: number;
  waitForPlayout(): ObservableInput<unknown>;
  clearQueue(): void;
}

/** What `publishVideo` needs of a video source: rtc-node's `VideoSource`, or `TestVideoSource`. @internal */
export interface PublishVideoSource {
  readonly width: number;
  readonly height: number;
  captureFrame(frame: VideoFrame, timestampUs?: bigint, rotation?: VideoRotation): void;
}

/** A source with its local track, created for one publication and closed with it. @internal */
export interface LocalMedia<Source> {
  readonly source: Source;
  readonly track: object;
  /** Closes the track and the source (never throws). */
  close(): void;
}

/** What the sinks need to create, publish and unpublish a local track. @internal */
export interface PublishHooks {
  createAudio(init: {
    readonly name: string;
    readonly sampleRate: number;
    readonly numChannels: number;
    readonly queueSizeMs: number;
    readonly scheduler: SchedulerLike;
  }): LocalMedia<PublishAudioSource>;
  createVideo(init: {
    readonly name: string;
    readonly width: number;
    readonly height: number;
  }): LocalMedia<PublishVideoSource>;
  /** Publishes; `done` is called once, synchronously on a TestRoom, later on rtc-node. */
  publish(
    track: object,
    options: TrackPublishOptions,
    done: (error: unknown, publication?: TrackPublicationLike) => void,
  ): void;
  /** Unpublishes; `done` is called once, synchronously on a TestRoom, later on rtc-node. */
  unpublish(publication: TrackPublicationLike, done: (error: unknown) => void): void;
}

interface RtcLocalParticipant {
  publishTrack(track: LocalTrack, options: TrackPublishOptions): Promise<TrackPublicationLike>;
  unpublishTrack(trackSid: string): Promise<void>;
}

/**
 * The publish hooks of a room's local participant: its own (a `TestRoom`'s), else rtc-node's
 * `AudioSource`/`VideoSource` with `LocalAudioTrack`/`LocalVideoTrack`, published through
 * `localParticipant.publishTrack`. Undefined when the room has no local participant (never
 * connected).
 * @internal
 */
export function publishHooksOf(room: RoomLike): PublishHooks | undefined {
  const local = room.localParticipant as
    (Partial<Record<typeof publishHooks, PublishHooks>> & Partial<RtcLocalParticipant>) | undefined;
  if (local === undefined) return undefined;
  return local[publishHooks] ?? rtcHooks(local as RtcLocalParticipant);
}

const ignore = (): void => undefined;

/**
 * Releases both native handles now: rtc-node's `close()` methods dispose them synchronously
 * before their first await (`track.close()` would close the source a microtask later).
 */
function close(track: LocalTrack, source: { close(): Promise<void> }): void {
  void track.close(false).catch(ignore);
  void source.close().catch(ignore);
}

function rtcHooks(local: RtcLocalParticipant): PublishHooks {
  return {
    createAudio({ name, sampleRate, numChannels, queueSizeMs }) {
      const source = new AudioSource(sampleRate, numChannels, queueSizeMs);
      const track = LocalAudioTrack.createAudioTrack(name, source);
      const closeAudio = (): void => {
        // rtc-node 1.1.0 corrupts its native heap now and then (the process dies: SIGSEGV or
        // SIGABRT) when an AudioSource is closed with seconds of audio queued: 6 of 10 processes
        // closing 60 sources holding 30 s each, none with the queue cleared first
        // (test/fixtures/close-long-queue.ts).
        try {
          source.clearQueue();
        } catch {
          // already closed: nothing queued
        }
        close(track, source);
      };
      return { source, track, close: closeAudio };
    },
    createVideo({ name, width, height }) {
      const source = new VideoSource(width, height);
      const track = LocalVideoTrack.createVideoTrack(name, source);
      return { source, track, close: () => close(track, source) };
    },
    publish(track, options, done) {
      local.publishTrack(track as LocalTrack, options).then(
        (publication) => done(undefined, publication),
        (err: unknown) => done(err),
      );
    },
    unpublish(publication, done) {
      local.unpublishTrack(publication.sid ?? '').then(() => done(undefined), done);
    },
  };
}
