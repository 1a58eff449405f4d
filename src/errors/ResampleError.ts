import { LiveKitRxError } from './LiveKitRxError';

/** The structured detail of a {@link ResampleError}. */
export interface ResampleErrorInfo {
  /** Zero-based index of the input frame being resampled (-1 while flushing on complete). */
  readonly frameIndex: number;
  /** The input sample rate. */
  readonly inputRate: number;
  /** The requested output sample rate. */
  readonly outputRate: number;
  /** The channel count. */
  readonly numChannels: number;
}

/**
 * The native resampler refused to be created or to process a frame (for example an unsupported
 * rate). Ends the stream; `cause` holds the SDK's error.
 *
 * ```text
 * input:          -a-b-
 * resample(16k):  -x-#      (# = ResampleError, info.frameIndex = 1)
 * ```
 *
 * @example
 * ```ts
 * import { resample, ResampleError } from 'livekit-rx';
 * frames$.pipe(resample(16000)).subscribe({
 *   error: (err) => err instanceof ResampleError && console.error(err.info.inputRate, err.cause),
 * });
 * ```
 */
export class ResampleError extends LiveKitRxError<ResampleErrorInfo> {
  /**
   * @param info - Which frame and which conversion.
   * @param cause - The SDK's error.
   */
  constructor(info: ResampleErrorInfo, cause: unknown) {
    super(
      `resample: converting frame ${info.frameIndex} from ${info.inputRate} Hz to ` +
        `${info.outputRate} Hz (${info.numChannels} channels) failed: ` +
        `${cause instanceof Error ? cause.message : String(cause)}`,
      info,
      { cause },
    );
  }
}
