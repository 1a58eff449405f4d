import { LiveKitRxError } from './LiveKitRxError';

/** The structured detail of an {@link AudioStreamError}. */
export interface AudioStreamErrorInfo {
  /** The track's sid, if the track had one. */
  readonly trackSid: string | undefined;
  /** The track's name. */
  readonly trackName: string | undefined;
  /** Frames delivered before the failure. */
  readonly framesDelivered: number;
}

/**
 * Reading rtc-node's native `AudioStream` failed (opening the stream on the track, or a read).
 * Ends the stream; `cause` holds the SDK's error.
 *
 * ```text
 * audioFrames(track):  -a-b-#     (# = AudioStreamError, info.framesDelivered = 2)
 * ```
 *
 * @example
 * ```ts
 * import { audioFrames, AudioStreamError } from 'livekit-rx';
 * audioFrames(track).subscribe({
 *   error: (err) => err instanceof AudioStreamError && console.error(err.info.trackSid, err.cause),
 * });
 * ```
 */
export class AudioStreamError extends LiveKitRxError<AudioStreamErrorInfo> {
  /**
   * @param info - Which track, and how far the stream got.
   * @param cause - The SDK's error.
   */
  constructor(info: AudioStreamErrorInfo, cause: unknown) {
    super(
      `audioFrames: the audio stream of track ${info.trackSid ?? info.trackName ?? '(unnamed)'} ` +
        `failed after ${info.framesDelivered} frames: ` +
        `${cause instanceof Error ? cause.message : String(cause)}`,
      info,
      { cause },
    );
  }
}
