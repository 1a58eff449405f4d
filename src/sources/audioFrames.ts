import {
  AudioStream,
  TrackKind,
  type AudioFrame,
  type FrameProcessor,
  type NoiseCancellationOptions,
  type Track,
} from '@livekit/rtc-node';
import type { Observable, SchedulerLike } from 'rxjs';
import { AudioStreamError } from '../errors/AudioStreamError';
import { boundedDelivery, type DroppedFramesObserver } from '../internal/boundedDelivery';
import { checkFormatOption } from '../internal/checkFormatOption';
import type { OverflowPolicy } from '../internal/OverflowPolicy';
import { readNativeStream } from '../internal/readNativeStream';
import { trackFrames, type TrackInput } from '../internal/trackFrames';
import { trackMediaOf } from '../internal/trackMedia';
import type { RoomLike, TrackLike } from '../room/RoomLike';

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
  /**
   * How many frames may wait for the consumer (default 100: one second of 10 ms frames). Frames
   * are handed on at the next turn of the event loop; whatever piled up while the loop was held
   * up (a slow synchronous consumer, a long GC) is cut to this bound.
   */
  readonly bufferSize?: number;
  /**
   * What a frame that finds `bufferSize` frames waiting does: `'drop-oldest'` (default, right for
   * live audio: the consumer catches up with the present), `'drop-newest'`, or `'error'` (a
   * `QueueOverflowError`).
   */
  readonly overflow?: OverflowPolicy;
  /** Told the running total of dropped frames each time one is dropped (e.g. a `BehaviorSubject`). */
  readonly droppedFrames?: DroppedFramesObserver;
  /** Where waiting frames are handed on (default: the next turn of the event loop). */
  readonly scheduler?: SchedulerLike;
}

/**
 * The audio of a track, or of a participant's microphone (or other source), as a stream of PCM
 * frames read from rtc-node's native `AudioStream`.
 *
 * Cold and lazy: each subscription opens its own native stream, and unsubscribing cancels it,
 * releasing the native handle at once (rxjs `from()` would not). Given a track, it completes when
 * the track is unsubscribed, unpublished or closed. Given `{ room, participant, source }`, it
 * waits until the participant has such a track, goes on with the new track when they publish
 * again (or completes: `republication: 'complete'`), and completes when they leave or the room
 * disconnects. Native failures end it with an {@link AudioStreamError}.
 *
 * Frames are queued (at most `bufferSize`, `drop-oldest` by default) and handed on at the next
 * turn of the event loop, so a consumer that falls behind loses the oldest audio, never memory;
 * `droppedFrames` counts what was lost. A `TestTrack` from `livekit-rx/testing` plays its
 * scripted `frames` instead (pass the `TestScheduler` as `scheduler` to run in virtual time).
 *
 * ```text
 * track:                      ~~~~~~ audio ~~~~~~~|(unsubscribed)
 * audioFrames(track):         -a-b-c-d-e-f-g-h-i--|
 *
 * alice's microphone:         --[mic1]--------x(unpublished)---[mic2]-----x(alice leaves)
 * audioFrames({ room, participant: 'alice' }):
 *                             ----a-b-c-d-------------------------e-f-g---|
 *
 * consumer stalls, bufferSize 2:  (abcd)   ->   ---(cd)---   droppedFrames: 1, 2
 * ```
 *
 * @example
 * ```ts
 * import { TrackSource } from '@livekit/rtc-node';
 * import { audioFrames, rechunk } from 'livekit-rx';
 * // Everything alice says into her microphone, across mute/republish, at 16 kHz in 20 ms frames.
 * audioFrames({ room, participant: 'alice', source: TrackSource.SOURCE_MICROPHONE }, { sampleRate: 16000 })
 *   .pipe(rechunk(20))
 *   .subscribe((frame) => stt.push(frame.data));
 * ```
 *
 * @param input - An audio track (remote or local), or `{ room, participant, source, republication }`.
 * @param options - Output rate, channels, frame size, noise cancellation, buffer bound and policy.
 * @returns A cold observable of audio frames.
 * @throws TypeError at once if `input` is neither an audio track nor a participant reference;
 *   RangeError at once if `sampleRate` is not a whole number of Hz from 1 to 384000 or
 *   `numChannels` is not 1 to 8.
 */
export function audioFrames<R extends RoomLike>(
  input: TrackInput<R>,
  options: AudioFramesOptions = {},
): Observable<AudioFrame> {
  const { bufferSize = 100, overflow = 'drop-oldest', droppedFrames, scheduler } = options;
  // The native AudioStream resamples and remixes to these: nothing it cannot take gets there.
  checkFormatOption('audioFrames', 'sampleRate', 'sampleRate', options.sampleRate);
  checkFormatOption('audioFrames', 'numChannels', 'numChannels', options.numChannels);
  const streamOptions = {
    ...(options.sampleRate !== undefined && { sampleRate: options.sampleRate }),
    ...(options.numChannels !== undefined && { numChannels: options.numChannels }),
    ...(options.frameSizeMs !== undefined && { frameSizeMs: options.frameSizeMs }),
    ...(options.noiseCancellation !== undefined && {
      noiseCancellation: options.noiseCancellation,
    }),
  };
  const delivery = boundedDelivery<AudioFrame>({
    operator: 'audioFrames',
    bufferSize,
    overflow,
    droppedFrames,
    scheduler,
  });
  const open = (track: TrackLike): Observable<AudioFrame> =>
    (trackMediaOf(track) as Observable<AudioFrame> | undefined) ??
    readNativeStream(
      () => new AudioStream(track as Track, streamOptions),
      (cause, read) =>
        new AudioStreamError(
          { trackSid: track.sid, trackName: track.name, framesDelivered: read },
          cause,
        ),
    );
  return trackFrames('audioFrames', TrackKind.KIND_AUDIO, input, open).pipe(delivery);
}
