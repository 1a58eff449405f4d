import { LiveKitRxError } from './LiveKitRxError';

/** The structured detail of a {@link VideoStreamError}. */
export interface VideoStreamErrorInfo {
  /** The track's sid, if the track had one. */
  readonly trackSid: string | undefined;
  /** The track's name. */
  readonly trackName: string | undefined;
  /** Frames delivered before the failure. */
  readonly framesDelivered: number;
  /** What failed: opening/reading the native stream, or converting a frame. */
  readonly stage: 'read' | 'convert';
}

/**
 * A track's native video stream failed: it could not be opened or read, or a frame could not be
 * converted to the requested `format`. It ends the stream of {@link videoFrames}.
 *
 * ```text
 * videoFrames(track, { format }):  -f-f-#   # = VideoStreamError { stage: 'convert', framesDelivered: 2 }
 * ```
 *
 * @example
 * ```ts
 * import { videoFrames, VideoStreamError } from 'livekit-rx';
 * videoFrames(track).subscribe({
 *   error: (err) => {
 *     if (err instanceof VideoStreamError) console.error(err.info.trackSid, err.info.stage);
 *   },
 * });
 * ```
 */
export class VideoStreamError extends LiveKitRxError<VideoStreamErrorInfo> {
  /**
   * @param info - Which track, what failed, and how far the stream got.
   * @param cause - The SDK's error.
   */
  constructor(info: VideoStreamErrorInfo, cause: unknown) {
    super(
      `videoFrames: the video stream of track ${info.trackSid ?? info.trackName ?? '(unnamed)'} ` +
        `failed ${info.stage === 'convert' ? 'converting a frame' : 'reading'} after ` +
        `${info.framesDelivered} frames: ${cause instanceof Error ? cause.message : String(cause)}`,
      info,
      { cause },
    );
  }
}
