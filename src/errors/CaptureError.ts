import { LiveKitRxError } from './LiveKitRxError';

/** The structured detail of a {@link CaptureError}. */
export interface CaptureErrorInfo {
  /** Zero-based index of the frame whose capture failed (-1: `clearQueue` failed on an interruption). */
  readonly frameIndex: number;
  /** The source's sample rate. */
  readonly sampleRate: number;
  /** The source's channel count. */
  readonly numChannels: number;
}

/**
 * `AudioSource.captureFrame` failed (the source was closed, or the native side refused the
 * frame). Ends the capture; `cause` holds the SDK's error.
 *
 * ```text
 * frames:        -a-b-c-
 * captureAudio:  -x-#       (x = captured event, # = CaptureError for frame 1)
 * ```
 *
 * @example
 * ```ts
 * import { captureAudio, CaptureError } from 'livekit-rx';
 * frames$.pipe(captureAudio(source)).subscribe({
 *   error: (err) => err instanceof CaptureError && console.error(err.message, err.cause),
 * });
 * ```
 */
export class CaptureError extends LiveKitRxError<CaptureErrorInfo> {
  /**
   * @param info - Which frame and which source.
   * @param cause - The error `captureFrame` raised.
   */
  constructor(info: CaptureErrorInfo, cause: unknown) {
    super(
      `captureAudio: capturing frame ${info.frameIndex} into the ${info.sampleRate} Hz ` +
        `${info.numChannels}-channel AudioSource failed: ${errorText(cause)}. ` +
        `Is the source closed, or its track unpublished?`,
      info,
      { cause },
    );
  }
}

function errorText(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
