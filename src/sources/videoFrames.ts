import {
  TrackKind,
  VideoStream,
  type Track,
  type VideoBufferType,
  type VideoFrameEvent,
} from '@livekit/rtc-node';
import { map, type Observable, type SchedulerLike } from 'rxjs';
import { VideoStreamError } from '../errors/VideoStreamError';
import { boundedDelivery, type DroppedFramesObserver } from '../internal/boundedDelivery';
import type { OverflowPolicy } from '../internal/OverflowPolicy';
import { readNativeStream } from '../internal/readNativeStream';
import { trackFrames, type TrackInput } from '../internal/trackFrames';
import { trackMediaOf } from '../internal/trackMedia';
import type { RoomLike, TrackLike } from '../room/RoomLike';

/** Options of {@link videoFrames}. */
export interface VideoFramesOptions {
  /**
   * Convert every delivered frame to this buffer type (`VideoBufferType.RGBA`, `I420`, ...)
   * natively; frames already of that type are passed through. Default: as received (I420 for
   * remote tracks). Dropped frames are never converted.
   */
  readonly format?: VideoBufferType;
  /**
   * How many frames may wait for the consumer (default 2). A 1080p RGBA frame is 8 MB: keep
   * this small.
   */
  readonly bufferSize?: number;
  /** What a frame that finds the buffer full does (default `'drop-oldest'`: show the newest). */
  readonly overflow?: OverflowPolicy;
  /** Told the running total of dropped frames each time one is dropped. */
  readonly droppedFrames?: DroppedFramesObserver;
  /** Where waiting frames are handed on (default: the next turn of the event loop). */
  readonly scheduler?: SchedulerLike;
}

/**
 * The video of a track, or of a participant's camera (or screen share), as a stream of
 * rtc-node `VideoFrameEvent`s (`frame`, `timestampUs`, `rotation`) read from the native
 * `VideoStream`, optionally converted to one `VideoBufferType`.
 *
 * Cold and lazy: each subscription opens its own native stream, and unsubscribing cancels it.
 * Given a subscribed remote track it completes when the track is unsubscribed or unpublished
 * (rtc-node's `VideoStream` alone would not end then). Given `{ room, participant, source }` it
 * follows the participant's track of that source across republication, and completes when they
 * leave or the room disconnects. A failure to read or convert is a {@link VideoStreamError}.
 *
 * Frames wait in a small queue (`bufferSize` 2, `drop-oldest`): a consumer slower than the
 * frame rate sees the newest frames and `droppedFrames` counts the rest; memory stays bounded.
 *
 * ```text
 * bob's camera:                 --[cam]------------------x(unpublished)
 * videoFrames({ room, participant: 'bob' }, { format: RGBA }):
 *                               ----f-f-f-f-f-f-f-f-f-f---   (RGBA frames)
 * consumer stalls, bufferSize 2:  (fghij)  ->  ---(ij)---   droppedFrames: 1, 2, 3
 * ```
 *
 * @example
 * ```ts
 * import { VideoBufferType } from '@livekit/rtc-node';
 * import { videoFrames } from 'livekit-rx';
 * videoFrames({ room, participant: 'bob' }, { format: VideoBufferType.RGBA })
 *   .subscribe(({ frame, timestampUs }) => detector.push(frame.data, frame.width, frame.height));
 * ```
 *
 * @param input - A video track, or `{ room, participant, source, republication }`.
 * @param options - Output format, buffer bound and policy.
 * @returns A cold observable of video frame events.
 * @throws TypeError at once if `input` is neither a video track nor a participant reference.
 */
export function videoFrames<R extends RoomLike>(
  input: TrackInput<R>,
  options: VideoFramesOptions = {},
): Observable<VideoFrameEvent> {
  const { format, bufferSize = 2, overflow = 'drop-oldest', droppedFrames, scheduler } = options;
  const open = (track: TrackLike): Observable<Tagged> =>
    (
      (trackMediaOf(track) as Observable<VideoFrameEvent> | undefined) ??
      readNativeStream(
        () => new VideoStream(track as Track),
        (cause, read) => videoError(track, read, 'read', cause),
      )
    ).pipe(map((event): Tagged => [event, track]));
  return trackFrames('videoFrames', TrackKind.KIND_VIDEO, input, open).pipe(
    boundedDelivery<Tagged, VideoFrameEvent>({
      operator: 'videoFrames',
      bufferSize,
      overflow,
      droppedFrames,
      scheduler,
      // Converted as each frame is handed on, so a dropped frame is never converted.
      transform: ([event, track], delivered) => {
        if (format === undefined || event.frame.type === format) return event;
        try {
          return { ...event, frame: event.frame.convert(format) };
        } catch (cause) {
          throw videoError(track, delivered, 'convert', cause);
        }
      },
    }),
  );
}

/** A frame event and the track it came from (named in errors). */
type Tagged = readonly [VideoFrameEvent, TrackLike];

function videoError(
  track: TrackLike,
  framesDelivered: number,
  stage: 'read' | 'convert',
  cause: unknown,
): VideoStreamError {
  return new VideoStreamError(
    { trackSid: track.sid, trackName: track.name, framesDelivered, stage },
    cause,
  );
}
