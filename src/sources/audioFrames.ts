import {
  AudioStream,
  TrackKind,
  type AudioFrame,
  type FrameProcessor,
  type NoiseCancellationOptions,
  type Track,
} from '@livekit/rtc-node';
import { Observable } from 'rxjs';
import { AudioStreamError } from '../errors/AudioStreamError';

/** Options of {@link audioFrames}. */
export interface AudioFramesOptions {
  /** The rate frames are delivered at, in Hz; the native side resamples (default 48000). */
  readonly sampleRate?: number;
  /** The channel count frames are delivered with; the native side remixes (default 1). */
  readonly numChannels?: number;
  /** The duration of each frame in ms (default: the native side's, 10 ms). */
  readonly frameSizeMs?: number;
  /** Noise cancellation: a native filter module's options, or a `FrameProcessor`. */
  readonly noiseCancellation?: NoiseCancellationOptions | FrameProcessor<AudioFrame>;
}

/**
 * The audio of a track as a stream of PCM frames, read from rtc-node's native `AudioStream`.
 *
 * Cold and lazy: each subscription opens its own native stream; unsubscribing cancels the reader,
 * which releases the native handle at once (rxjs `from()` on the stream would not). Completes
 * when the native stream ends (the track is unsubscribed, unpublished or closed); a native failure
 * ends it with an {@link AudioStreamError}. Frames are delivered as the native side produces
 * them (10 ms of audio every 10 ms for a live track) with their data at offset 0.
 *
 * ```text
 * track:                    ~~~~~~ audio ~~~~~~~|(unpublished)
 * audioFrames(track):       -a-b-c-d-e-f-g-h-i--|
 * unsubscribe at 3 frames:  -a-b-c!               (native stream closed)
 * ```
 *
 * @example
 * ```ts
 * import { audioFrames, rechunk } from 'livekit-rx';
 * import { RoomEvent, TrackKind } from '@livekit/rtc-node';
 * room.on(RoomEvent.TrackSubscribed, (track) => {
 *   if (track.kind !== TrackKind.KIND_AUDIO) return;
 *   audioFrames(track, { sampleRate: 16000 })
 *     .pipe(rechunk(20))
 *     .subscribe((frame) => stt.push(frame.data));
 * });
 * ```
 *
 * @param track - An audio track (local or remote).
 * @param options - Output rate, channels, frame size, noise cancellation.
 * @returns A cold observable of the track's audio frames.
 * @throws TypeError at once if `track` is not an audio track.
 */
export function audioFrames(
  track: Track,
  options: AudioFramesOptions = {},
): Observable<AudioFrame> {
  if (track === null || typeof track !== 'object' || track.kind !== TrackKind.KIND_AUDIO) {
    throw new TypeError(
      `audioFrames: expected an audio Track, got ${
        track === null || typeof track !== 'object'
          ? String(track)
          : `a track of kind ${track.kind}`
      }`,
    );
  }
  return new Observable<AudioFrame>((subscriber) => {
    let delivered = 0;
    let active = true;
    const fail = (cause: unknown): void =>
      subscriber.error(
        new AudioStreamError(
          { trackSid: track.sid, trackName: track.name, framesDelivered: delivered },
          cause,
        ),
      );

    let reader: ReadableStreamDefaultReader<AudioFrame>;
    try {
      reader = new AudioStream(track, { ...options }).getReader();
    } catch (cause) {
      fail(cause);
      return;
    }

    void (async () => {
      try {
        for (;;) {
          const result = await reader.read();
          if (!active) return;
          if (result.done) return subscriber.complete();
          delivered++;
          subscriber.next(result.value);
        }
      } catch (cause) {
        if (active) fail(cause);
      }
    })();

    return () => {
      active = false;
      reader.cancel().catch(() => undefined);
    };
  });
}
