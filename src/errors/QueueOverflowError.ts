import { LiveKitRxError } from './LiveKitRxError';

/** The structured detail of a {@link QueueOverflowError}. */
export interface QueueOverflowErrorInfo {
  /** The operator or sink whose queue overflowed. */
  readonly operator: string;
  /** The queue's bound, in items. */
  readonly bufferSize: number;
  /** Zero-based index of the item that did not fit. */
  readonly index: number;
  /**
   * The queue's bound in ms of audio, when that is the bound that was reached (`captureAudio`,
   * `publishAudio`); absent when `bufferSize` items waited.
   */
  readonly maxQueuedMs?: number;
  /** The audio waiting when the item arrived, in ms (with `maxQueuedMs`). */
  readonly queuedMs?: number;
}

/**
 * A bounded queue with the `'error'` overflow policy was full when another item arrived: the
 * producer outran the consumer. Raise the bound (`bufferSize`, or `maxQueuedMs` for audio),
 * slow the producer, or choose `'drop-oldest'`.
 *
 * ```text
 * frames:        -abcd-----     (bufferSize 2, capture takes a while)
 * captureAudio:  ----#          (# = QueueOverflowError, info.index = 3)
 * ```
 *
 * @example
 * ```ts
 * import { captureAudio, QueueOverflowError } from 'livekit-rx';
 * frames$.pipe(captureAudio(source, { maxQueuedMs: 10_000, overflow: 'error' })).subscribe({
 *   error: (err) => err instanceof QueueOverflowError && console.warn(err.info),
 * });
 * ```
 */
export class QueueOverflowError extends LiveKitRxError<QueueOverflowErrorInfo> {
  /** @param info - Which queue, its bound, and the item that did not fit. */
  constructor(info: QueueOverflowErrorInfo) {
    super(
      info.maxQueuedMs === undefined
        ? `${info.operator}: queue full (${info.bufferSize} items) when item ${info.index} arrived. ` +
            `The producer is faster than the consumer: raise bufferSize, or use overflow ` +
            `'drop-oldest' / 'drop-newest' to shed load.`
        : `${info.operator}: queue full (${round(info.queuedMs ?? 0)} ms of audio waiting, ` +
            `maxQueuedMs ${info.maxQueuedMs}) when frame ${info.index} arrived. The producer ` +
            `ran ahead of real time by more than the queue holds: raise maxQueuedMs, pace the ` +
            `producer (readWav's realTime), or use overflow 'drop-oldest' / 'drop-newest'.`,
      info,
    );
  }
}

/** ms to one decimal place, without a trailing `.0`. */
const round = (ms: number): number => Math.round(ms * 10) / 10;
