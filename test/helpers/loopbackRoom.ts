import {
  ConnectionState,
  TrackKind,
  type LocalTrack,
  type TrackPublishOptions,
  type TrackSource,
} from '@livekit/rtc-node';
import { EventEmitter } from 'node:events';

/** A local publication of a {@link LoopbackRoom}: the fields the sinks read, and the real track. */
export interface LoopbackPublication {
  readonly sid: string;
  readonly name: string | undefined;
  readonly kind: TrackKind | undefined;
  readonly source: TrackSource | undefined;
  readonly muted: boolean;
  readonly mimeType: string;
  readonly encryptionType: undefined;
  track: LocalTrack | undefined;
}

/**
 * A connected room with no server behind it: its local participant "publishes" a real rtc-node
 * LocalAudioTrack/LocalVideoTrack by keeping it, so the sinks' native path (AudioSource,
 * VideoSource, the tracks, captures, close) runs and the track can be read back with
 * `audioFrames(track)` / `new VideoStream(track)` — a local loopback for publishAudio/publishVideo.
 */
export class LoopbackRoom extends EventEmitter {
  readonly name = 'loopback';
  readonly metadata = '';
  readonly connectionState = ConnectionState.CONN_CONNECTED;
  readonly isConnected = true;
  readonly remoteParticipants = new Map<string, never>();
  private count = 0;
  readonly localParticipant = {
    sid: 'PA_loopback',
    identity: 'loopback',
    name: '',
    metadata: '',
    attributes: {},
    kind: 0,
    trackPublications: new Map<string, LoopbackPublication>(),
    publishTrack: (
      track: LocalTrack,
      options: TrackPublishOptions,
    ): Promise<LoopbackPublication> => {
      const publication: LoopbackPublication = {
        sid: `TR_loop${++this.count}`,
        name: track.name,
        kind: track.kind,
        source: options.source,
        muted: false,
        mimeType: track.kind === TrackKind.KIND_AUDIO ? 'audio/opus' : 'video/vp8',
        encryptionType: undefined,
        track,
      };
      this.localParticipant.trackPublications.set(publication.sid, publication);
      return Promise.resolve(publication);
    },
    unpublishTrack: (sid: string): Promise<void> => {
      const publication = this.localParticipant.trackPublications.get(sid);
      this.localParticipant.trackPublications.delete(sid);
      if (publication) publication.track = undefined;
      return Promise.resolve();
    },
  };
  registerTextStreamHandler(): void {}
  unregisterTextStreamHandler(): void {}
  registerByteStreamHandler(): void {}
  unregisterByteStreamHandler(): void {}
}
