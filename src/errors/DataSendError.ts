import { LiveKitRxError } from './LiveKitRxError';

/**
 * Why a send failed: rtc-node refused it (`'rejected'`: its message is in `detail` and
 * `cause`), or the room disconnected with items still unsent (`'room-disconnected'`).
 */
export type DataSendFailure = 'rejected' | 'room-disconnected';

/** The structured detail of a {@link DataSendError}. */
export interface DataSendErrorInfo {
  /** The sink: `'publishData'`, `'sendChatMessage'`, `'publishDtmf'`. */
  readonly sink: string;
  /** What went wrong. */
  readonly reason: DataSendFailure;
  /** Zero-based index of the item being sent (or the first unsent one). */
  readonly index: number;
  /** How many items were not sent (queued, or in flight when it failed). */
  readonly unsent: number;
  /** rtc-node's message, for `'rejected'`. */
  readonly detail: string | undefined;
}

/**
 * A data packet, chat message or DTMF tone could not be sent: rtc-node rejected the send, or
 * the room disconnected while items were still queued or in flight (they are lost; a sink with
 * nothing left to send completes instead).
 *
 * ```text
 * payloads:      --a--b-c--      (the room disconnects while b and c wait)
 * publishData:   --a----#        (# = DataSendError 'room-disconnected', info.unsent = 2)
 * ```
 *
 * @example
 * ```ts
 * import { DataSendError, publishData } from 'livekit-rx';
 * payload$.pipe(publishData(room)).subscribe({
 *   error: (err) => err instanceof DataSendError && console.error(err.info.reason, err.info.unsent),
 * });
 * ```
 */
export class DataSendError extends LiveKitRxError<DataSendErrorInfo> {
  /**
   * @param info - Which sink, why, which item, how many were not sent.
   * @param cause - rtc-node's error, for `'rejected'`.
   */
  constructor(info: DataSendErrorInfo, cause?: unknown) {
    super(
      info.reason === 'rejected'
        ? `${info.sink}: rtc-node refused item ${info.index}: ${info.detail ?? 'no detail'}. ` +
            `${info.unsent} item(s) were not sent. Is the room still connected, and may this ` +
            `participant publish data (canPublishData)?`
        : `${info.sink}: the room disconnected with ${info.unsent} item(s) not sent (from item ` +
            `${info.index}). They are lost: resend them after reconnecting if they matter.`,
      info,
      cause === undefined ? undefined : { cause },
    );
  }
}
