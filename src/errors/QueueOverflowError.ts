import { LiveKitRxError } from './LiveKitRxError';

/** The structured detail of a {@link QueueOverflowError}. */
export interface QueueOverflowErrorInfo {
  /** The operator or sink whose queue overflowed. */
  readonly operator: string;
  /** The queue's bound, in items. */
  readonly bufferSize: number;
  /** Zero-based index of the item that did not fit. */
  readonly index: number;
}

/**
 * A bounded queue with the `'error'` overflow policy was full when another item arrived: the
 * producer outran the consumer. Raise `bufferSize`, slow the producer, or choose `'drop-oldest'`.
 *
 * ```text
 * frames:        -abcd-----     (bufferSize 2, capture takes a while)
 * captureAudio:  ----#          (# = QueueOverflowError, info.index = 3)
 * ```
 *
 * @example
 * ```ts
 * import { captureAudio, QueueOverflowError } from 'livekit-rx';
 * frames$.pipe(captureAudio(source, { bufferSize: 10, overflow: 'error' })).subscribe({
 *   error: (err) => err instanceof QueueOverflowError && console.warn(err.info),
 * });
 * ```
 */
export class QueueOverflowError extends LiveKitRxError<QueueOverflowErrorInfo> {
  /** @param info - Which queue, its bound, and the item that did not fit. */
  constructor(info: QueueOverflowErrorInfo) {
    super(
      `${info.operator}: queue full (${info.bufferSize} items) when item ${info.index} arrived. ` +
        `The producer is faster than the consumer: raise bufferSize, or use overflow ` +
        `'drop-oldest' / 'drop-newest' to shed load.`,
      info,
    );
  }
}
