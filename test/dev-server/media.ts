import {
  AudioFrame,
  AudioSource,
  AudioStream,
  LocalAudioTrack,
  LocalVideoTrack,
  TrackPublishOptions,
  TrackSource,
  VideoBufferType,
  VideoCodec,
  VideoFrame,
  VideoSource,
  type LocalTrackPublication,
  type Room,
  type Track,
} from '@livekit/rtc-node';
import { sinePcm } from 'livekit-rx';

/** A published microphone track that plays a sine tone until stopped. */
export interface Tone {
  readonly publication: LocalTrackPublication;
  readonly track: LocalAudioTrack;
  /** Stops feeding the source and closes the track. */
  stop(): Promise<void>;
}

/** Frame `index` (10 ms, mono, 48 kHz) of a continuous `frequency` Hz sine. */
export function toneFrame(index: number, frequency = 440): AudioFrame {
  const data = sinePcm({
    frequency,
    sampleRate: 48000,
    samplesPerChannel: 480,
    startSample: index * 480,
  });
  return new AudioFrame(data, 48000, 1, 480);
}

/** Publishes a microphone track on `room` and keeps a `frequency` Hz tone flowing into it. */
export async function publishTone(room: Room, frequency = 440, name = 'tone'): Promise<Tone> {
  const source = new AudioSource(48000, 1, 200);
  const track = LocalAudioTrack.createAudioTrack(name, source);
  const options = new TrackPublishOptions();
  options.source = TrackSource.SOURCE_MICROPHONE;
  const publication = await room.localParticipant!.publishTrack(track, options);
  let playing = true;
  const fed = (async () => {
    for (let i = 0; playing; i++) await source.captureFrame(toneFrame(i, frequency));
  })();
  return {
    publication,
    track,
    async stop() {
      playing = false;
      await fed;
      await track.close();
    },
  };
}

/** The next `count` 10 ms frames of sound (leading silence skipped) from a remote audio track. */
export async function receiveSound(track: Track, count = 50): Promise<Int16Array> {
  const stream = new AudioStream(track, 48000, 1);
  const chunks: Int16Array[] = [];
  for await (const frame of stream) {
    if (chunks.length === 0 && frame.data.every((s) => s === 0)) continue;
    chunks.push(frame.data.slice());
    if (chunks.length === count) break;
  }
  const all = new Int16Array(chunks.length * 480);
  chunks.forEach((c, i) => all.set(c, i * 480));
  return all;
}

/**
 * Reads a remote audio stream to its end: `flowing` resolves at its first frame, `ended` when
 * the stream ends by itself, with how many frames it delivered.
 */
export function readToEnd(stream: AudioStream): { flowing: Promise<void>; ended: Promise<number> } {
  let flow!: () => void;
  const flowing = new Promise<void>((resolve) => (flow = resolve));
  const ended = (async () => {
    let frames = 0;
    for await (const _ of stream) if (++frames === 1) flow();
    return frames;
  })();
  return { flowing, ended };
}

/** Mutes or unmutes a local track. rtc-node 1.1.0 has no JS API for it: the FFI request does it. */
export function setMuted(track: LocalAudioTrack, muted: boolean): void {
  const client = (globalThis as { _ffiClientInstance?: { request: (r: unknown) => unknown } })
    ._ffiClientInstance;
  client?.request({
    message: {
      case: 'localTrackMute',
      value: { trackHandle: track.ffi_handle.handle, mute: muted },
    },
  });
}

/** A published camera track fed with moving RGBA frames until stopped. */
export async function publishVideo(
  room: Room,
  { width = 320, height = 180, simulcast = false } = {},
): Promise<{ publication: LocalTrackPublication; stop(): Promise<void> }> {
  const source = new VideoSource(width, height);
  const track = LocalVideoTrack.createVideoTrack('camera', source);
  const options = new TrackPublishOptions();
  options.source = TrackSource.SOURCE_CAMERA;
  options.videoCodec = VideoCodec.VP8;
  options.simulcast = simulcast;
  const publication = await room.localParticipant!.publishTrack(track, options);
  let playing = true;
  const fed = (async () => {
    const data = new Uint8Array(width * height * 4);
    for (let i = 0; playing; i++) {
      for (let p = 0; p < data.length; p += 4) {
        data[p] = (p / 4 + i * 7) % 256;
        data[p + 1] = (i * 3) % 256;
        data[p + 2] = 128;
        data[p + 3] = 255;
      }
      source.captureFrame(new VideoFrame(data, width, height, VideoBufferType.RGBA));
      // A camera's pace (30 fps): producer timing, not a wait for something to happen.
      await new Promise<void>((resolve) => setTimeout(resolve, 33));
    }
  })();
  return {
    publication,
    async stop() {
      playing = false;
      await fed;
      await track.close();
    },
  };
}
