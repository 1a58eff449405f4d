import { LiveKitRxError } from './LiveKitRxError';

/** The structured detail of an {@link RtcStatsError}. */
export interface RtcStatsErrorInfo {
  /** The stream, `'rtcStats'`. */
  readonly source: string;
  /** Zero-based number of the `getRtcStats()` call that failed. */
  readonly call: number;
}

/**
 * `room.getRtcStats()` failed while the room was still connected (the native side answered with
 * an error). Ends `rtcStats`; `cause` holds rtc-node's error. A call that fails because the room
 * is disconnecting is not an error: the stream completes with the room.
 *
 * ```text
 * rtcStats(room):  r---r---#     (# = RtcStatsError, info.call = 2)
 * ```
 *
 * @example
 * ```ts
 * import { retry } from 'rxjs';
 * import { rtcStats } from 'livekit-rx';
 * rtcStats(room).pipe(retry({ count: 3, delay: 1000 })).subscribe(console.log);
 * ```
 */
export class RtcStatsError extends LiveKitRxError<RtcStatsErrorInfo> {
  /**
   * @param info - Which stream and call.
   * @param cause - rtc-node's error.
   */
  constructor(info: RtcStatsErrorInfo, cause: unknown) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    super(
      `${info.source}: getRtcStats() call ${info.call} failed while the room was connected ` +
        `(${detail}). Retry it, or poll less often.`,
      info,
      { cause },
    );
  }
}
