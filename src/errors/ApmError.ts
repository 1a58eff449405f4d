import { LiveKitRxError } from './LiveKitRxError';

/** Why {@link apm} failed. */
export type ApmFailure =
  /** A stream's first frame has a format the APM cannot take (see {@link ApmErrorInfo}). */
  | 'unsupported-format'
  /** The native module could not be created. */
  | 'create'
  /** The native module refused a 10 ms frame. */
  | 'process'
  /** A `streamDelayMs` value is not 0 to 500 whole ms, or the native module refused it. */
  | 'stream-delay';

/** The structured detail of an {@link ApmError}. */
export interface ApmErrorInfo {
  /** The classified reason. */
  readonly reason: ApmFailure;
  /**
   * The input at fault: `'near'` (the operator's source, the capture), `'reverse'` (`reverse$`,
   * the far end), `'delay'` (`streamDelayMs`), or `undefined` for `'create'`.
   */
  readonly input: 'near' | 'reverse' | 'delay' | undefined;
  /**
   * Zero-based index of the frame or delay value in that input; -1 for `'create'` and for the
   * padded last frame processed when the input completed.
   */
  readonly index: number;
  /** The sample rate of the stream at fault, if a frame was. */
  readonly sampleRate: number | undefined;
  /** The channel count of the stream at fault, if a frame was. */
  readonly numChannels: number | undefined;
  /** The delay value at fault, for `'stream-delay'`. */
  readonly delayMs: number | undefined;
}

function describe(i: ApmErrorInfo): string {
  const where = i.input === 'reverse' ? 'reverse$ frame' : 'frame';
  switch (i.reason) {
    case 'unsupported-format':
      return (
        `${where} ${i.index} is ${i.sampleRate} Hz with ${i.numChannels} channel(s), which the ` +
        `APM cannot take: it needs 8 to 384 kHz with a whole number of samples in 10 ms (a ` +
        `multiple of 100 Hz; 22.05 and 11.025 kHz are not) and 1 to 8 channels. Resample or ` +
        `remix before apm`
      );
    case 'create':
      return 'the native audio processing module could not be created';
    case 'process':
      return `the native audio processing module refused ${where} ${i.index} (${i.sampleRate} Hz, ${i.numChannels} channel(s))`;
    case 'stream-delay':
      return `streamDelayMs value ${i.index} (${i.delayMs}) was refused: use 0 to 500 whole ms`;
  }
}

/**
 * The audio processing module ({@link apm}) could not process the audio: an input format it
 * cannot take, a native failure (creating the module, processing a frame), or a stream delay it
 * refuses. Ends the stream and frees the native module; `cause` holds the native side's error.
 * A format that changes mid-stream is a {@link FrameFormatError} instead.
 *
 * ```text
 * input (22.05 kHz):  -a-
 * apm(...):           -#      (# = ApmError, info.reason 'unsupported-format', info.index 0)
 * ```
 *
 * @example
 * ```ts
 * import { apm, ApmError } from 'livekit-rx';
 * frames$.pipe(apm({ noiseSuppression: true })).subscribe({
 *   error: (err) => {
 *     if (err instanceof ApmError && err.info.reason === 'unsupported-format') {
 *       console.error(`resample first: ${err.info.sampleRate} Hz`);
 *     }
 *   },
 * });
 * ```
 */
export class ApmError extends LiveKitRxError<ApmErrorInfo> {
  /**
   * @param info - What failed, on which input, at which frame or value.
   * @param cause - The native side's error, if any.
   */
  constructor(info: ApmErrorInfo, cause?: unknown) {
    const detail =
      cause === undefined ? '' : `: ${cause instanceof Error ? cause.message : String(cause)}`;
    super(`apm: ${describe(info)}${detail}`, info, cause === undefined ? undefined : { cause });
  }
}
