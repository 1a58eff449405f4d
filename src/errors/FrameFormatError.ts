import { LiveKitRxError } from './LiveKitRxError';

/** What about a frame's format was wrong. */
export type FrameFormatProblem =
  | 'sample-rate'
  | 'channels'
  | 'length'
  | 'duration'
  | 'width'
  | 'height'
  | 'bytes'
  | 'invalid-sample-rate'
  | 'invalid-channels'
  | 'invalid-samples-per-channel';

/** The structured detail of a {@link FrameFormatError}. */
export interface FrameFormatErrorInfo {
  /** The operator or sink that rejected the frame (`'rechunk'`, `'captureAudio'`, `'publishVideo'`, ...). */
  readonly operator: string;
  /** Zero-based index of the offending frame in the input stream. */
  readonly frameIndex: number;
  /** Which property was wrong. */
  readonly problem: FrameFormatProblem;
  /**
   * The value that was expected (for `'duration'`: the requested duration in ms; for the
   * `'invalid-*'` problems: the largest value accepted, 384000 Hz, 8 channels,
   * `Number.MAX_SAFE_INTEGER` samples).
   */
  readonly expected: number;
  /** The value the frame had (for `'duration'`: its sample rate). */
  readonly actual: number;
}

function problemText(i: FrameFormatErrorInfo): string {
  switch (i.problem) {
    case 'sample-rate':
      return `sample rate ${i.actual} Hz, expected ${i.expected} Hz`;
    case 'channels':
      return `${i.actual} channel(s), expected ${i.expected}`;
    case 'length':
      return `${i.actual} samples of data, expected samplesPerChannel * channels = ${i.expected}`;
    case 'duration':
      return `sample rate ${i.actual} Hz, at which ${i.expected} ms is not a whole number of samples`;
    case 'width':
      return `width ${i.actual} px, expected ${i.expected} px`;
    case 'height':
      return `height ${i.actual} px, expected ${i.expected} px`;
    case 'invalid-sample-rate':
      return `sample rate ${i.actual}, expected a whole number of Hz from 1 to ${i.expected}`;
    case 'invalid-channels':
      return `channel count ${i.actual}, expected a whole number from 1 to ${i.expected}`;
    case 'invalid-samples-per-channel':
      return `samplesPerChannel ${i.actual}, expected a whole number, 0 or more`;
    case 'bytes':
      return `${i.actual} bytes of data, expected at least ${i.expected} for its size and buffer type`;
  }
}

/**
 * A frame's format (sample rate, channel count, data length, video width and height) is not what
 * the stream expected, or is no format at all: a rate that is NaN, fractional or above 384 kHz, a
 * channel count that is not 1 to 8 (`'invalid-*'`, refused before any native call), a rate
 * change mid-stream, a frame that does not match an `AudioSource`, a `data` array shorter than
 * `samplesPerChannel * channels`, a video frame of another size than the `VideoSource`. Ends the stream; the message says which frame and what to do.
 *
 * ```text
 * input:    --a(48k)--b(16k)--
 * rechunk:  -----------#        (# = FrameFormatError, info.frameIndex = 1)
 * ```
 *
 * @example
 * ```ts
 * import { FrameFormatError, rechunk } from 'livekit-rx';
 * frames$.pipe(rechunk(10)).subscribe({
 *   error: (err) => {
 *     if (err instanceof FrameFormatError && err.info.problem === 'sample-rate') {
 *       console.error(`frame ${err.info.frameIndex} is ${err.info.actual} Hz`);
 *     }
 *   },
 * });
 * ```
 */
export class FrameFormatError extends LiveKitRxError<FrameFormatErrorInfo> {
  /**
   * @param info - Which frame, which property, what was expected and what it had.
   * @param hint - What the user should do about it.
   */
  constructor(info: FrameFormatErrorInfo, hint: string) {
    super(`${info.operator}: frame ${info.frameIndex} has ${problemText(info)}. ${hint}`, info);
  }
}
