import {
  TrackPublishOptions,
  TrackSource,
  VideoFrame,
  type VideoRotation,
} from '@livekit/rtc-node';
import { asyncScheduler, type OperatorFunction, type SchedulerLike } from 'rxjs';
import { FrameFormatError } from '../errors/FrameFormatError';
import { openPublication } from '../internal/openPublication';
import type { PublishHooks, PublishVideoSource } from '../internal/publishHooks';
import { videoFrameBytes } from '../internal/videoFrameBytes';
import { assertRoomLike } from '../internal/watchRoom';
import type { LocalPublicationOf, RoomLike } from '../room/RoomLike';
import type { PublishedEvent, UnpublishedEvent } from './PublicationEvent';

/** A frame with its capture timestamp and rotation (the shape of rtc-node's `VideoFrameEvent`). */
export interface VideoCaptureInput {
  readonly frame: VideoFrame;
  /** Capture time in µs (default: rtc-node's, 0 = the native side stamps it). */
  readonly timestampUs?: bigint;
  /** Default `VIDEO_ROTATION_0`. */
  readonly rotation?: VideoRotation;
}

/** Options of {@link publishVideo}. */
export interface PublishVideoOptions {
  /** The track's name (default `'video'`). */
  readonly name?: string;
  /** The VideoSource's width: every frame must have it. */
  readonly width: number;
  /** The VideoSource's height: every frame must have it. */
  readonly height: number;
  /** The publication's source (default `TrackSource.SOURCE_CAMERA`). */
  readonly source?: TrackSource;
  /** The rest of rtc-node's `TrackPublishOptions` (`videoCodec`, `videoEncoding`, `simulcast`, ...). */
  readonly publishOptions?: ConstructorParameters<typeof TrackPublishOptions>[0];
  /**
   * A frame-rate cap: frames that come faster are dropped (a `dropped` event, reason `'fps'`),
   * timed on `scheduler`. Frames are kept on a grid of `1000 / fps` ms slots: one arriving up to
   * a quarter slot early is kept (camera jitter), an earlier one is dropped, so the average rate
   * never exceeds `fps`; after a pause the grid restarts. Default: no cap, every frame is captured.
   */
  readonly fps?: number;
  /** The clock of `fps` (default `asyncScheduler`). */
  readonly scheduler?: SchedulerLike;
}

/** A frame was captured into the VideoSource. */
export interface VideoCapturedEvent {
  readonly type: 'captured';
  /** Zero-based index of the frame in your input. */
  readonly index: number;
  /** The timestamp it was captured with, if you gave one. */
  readonly timestampUs: bigint | undefined;
}

/** A frame came faster than `fps` and was dropped. */
export interface VideoDroppedEvent {
  readonly type: 'dropped';
  /** Zero-based index of the frame in your input. */
  readonly index: number;
  readonly reason: 'fps';
}

/** The events of {@link publishVideo}; `P` is the room's local publication type. */
export type PublishVideoEvent<P = LocalPublicationOf<RoomLike>> =
  PublishedEvent<P> | VideoCapturedEvent | VideoDroppedEvent | UnpublishedEvent;

/**
 * Publishes video frames as a local track: the subscription is the publication's lifetime.
 * Subscribing creates a `VideoSource` of `width` x `height` and a `LocalVideoTrack` and publishes
 * it; once published, the input is subscribed and each frame captured (rtc-node's capture is
 * synchronous: no queue); completing the input unpublishes and closes track and source;
 * unsubscribing does so at once. Input is rtc-node `VideoFrame`s, or `{ frame, timestampUs,
 * rotation }` (what rtc-node's `VideoStream` yields, so a received track can be relayed).
 *
 * A frame of another size, or with fewer bytes than its size and buffer type need, is a
 * `FrameFormatError`; `fps` caps the rate by dropping frames. The room disconnecting completes
 * after `unpublished` (`'room-disconnected'`), like `publishAudio`; a room that is not connected
 * or a rejected `publishTrack` is a {@link PublishError}. On a `TestRoom` frames go to a
 * `TestVideoSource`, in virtual time.
 *
 * ```text
 * frames:        -a-b-c|          (fps 500: one frame per 2 ms)
 * publishVideo:  PA-B-C(U|)       P = published, A = captured a, U = unpublished
 *
 * frames:        -abc-|           (fps 500)
 * publishVideo:  PAxC-(U|)        x = b dropped: it came 1 ms after a
 * ```
 *
 * @example
 * ```ts
 * import { VideoCodec } from '@livekit/rtc-node';
 * import { publishVideo } from 'livekit-rx';
 * cameraFrames$
 *   .pipe(publishVideo(room, { width: 640, height: 480, fps: 30, publishOptions: { videoCodec: VideoCodec.VP8 } }))
 *   .subscribe();
 * ```
 *
 * @param room - A connected room: rtc-node's `Room`, or a `TestRoom`.
 * @param options - Size (required), track name, publish options, frame-rate cap, scheduler.
 * @returns An operator from frames to {@link PublishVideoEvent}s.
 * @throws TypeError at once if `room` is not a room; RangeError for a size or fps that cannot work.
 */
export function publishVideo<R extends RoomLike>(
  room: R,
  options: PublishVideoOptions,
): OperatorFunction<VideoFrame | VideoCaptureInput, PublishVideoEvent<LocalPublicationOf<R>>> {
  assertRoomLike('publishVideo', room);
  const { width, height, fps } = options;
  const name = options.name ?? 'video';
  const scheduler = options.scheduler ?? asyncScheduler;
  for (const [key, value] of [
    ['width', width],
    ['height', height],
  ] as const) {
    if (!Number.isInteger(value) || value < 1) {
      throw new RangeError(`publishVideo: ${key} must be a positive integer, got ${value}`);
    }
  }
  if (fps !== undefined && !(fps > 0 && Number.isFinite(fps))) {
    throw new RangeError(`publishVideo: fps must be a positive number, got ${fps}`);
  }
  const slot = fps === undefined ? 0 : 1000 / fps;
  const hint = `The published VideoSource is ${width}x${height}: scale the frames first, or set publishVideo's width/height.`;

  const track = {
    name,
    create: (hooks: PublishHooks) => hooks.createVideo({ name, width, height }),
    source: options.source,
    publishOptions: options.publishOptions,
    defaultSource: TrackSource.SOURCE_CAMERA,
  };

  return (frames) =>
    openPublication<
      LocalPublicationOf<R>,
      VideoCapturedEvent | VideoDroppedEvent,
      PublishVideoSource
    >('publishVideo', room, track, (subscriber, source, publication, flow) => {
      let received = 0;
      let due: number | undefined;

      const capture = (item: VideoFrame | VideoCaptureInput): void => {
        const index = received++;
        const { frame, timestampUs, rotation } =
          'frame' in item ? item : { frame: item, timestampUs: undefined, rotation: undefined };
        const problem = checkVideoFrame(index, frame, width, height, hint);
        if (problem) return subscriber.error(problem);
        if (fps !== undefined) {
          const now = scheduler.now();
          if (due !== undefined && now < due - slot / 4) {
            return subscriber.next({ type: 'dropped', index, reason: 'fps' });
          }
          due = due === undefined || now - due > slot ? now + slot : due + slot;
        }
        source.captureFrame(ownedVideoFrame(frame), timestampUs, rotation);
        subscriber.next({ type: 'captured', index, timestampUs });
      };

      flow.add(
        publication.published$.subscribe(() =>
          flow.add(
            frames.subscribe({
              next: capture,
              error: (err: unknown) => subscriber.error(err),
              complete: () => publication.finish(),
            }),
          ),
        ),
      );
    });
}

function checkVideoFrame(
  frameIndex: number,
  frame: VideoFrame,
  width: number,
  height: number,
  hint: string,
): FrameFormatError | undefined {
  const operator = 'publishVideo';
  if (frame.width !== width) {
    return new FrameFormatError(
      { operator, frameIndex, problem: 'width', expected: width, actual: frame.width },
      hint,
    );
  }
  if (frame.height !== height) {
    return new FrameFormatError(
      { operator, frameIndex, problem: 'height', expected: height, actual: frame.height },
      hint,
    );
  }
  const bytes = videoFrameBytes(frame.type, width, height);
  if (bytes !== undefined && frame.data.length < bytes) {
    return new FrameFormatError(
      { operator, frameIndex, problem: 'bytes', expected: bytes, actual: frame.data.length },
      'The frame is corrupt: its data must hold every plane of its buffer type.',
    );
  }
  return undefined;
}

/** rtc-node builds its pointer from `data.buffer` and ignores `byteOffset`: copy views. */
function ownedVideoFrame(frame: VideoFrame): VideoFrame {
  return frame.data.byteOffset === 0
    ? frame
    : new VideoFrame(frame.data.slice(), frame.width, frame.height, frame.type);
}
