import { LiveKitRxError } from './LiveKitRxError';

/**
 * What went wrong with a text or byte stream. Outgoing: rtc-node refused to open it
 * (`'open-failed'`), a write or the close failed (`'write-failed'`, `'close-failed'`: rtc-node's
 * writer was closed under the sink, its message is in `detail`), the bytes written differ from
 * the declared `totalSize` (`'size-mismatch'`). Either way: the room disconnected while the stream
 * was open (`'room-disconnected'`). Incoming: the sender ended it abnormally (`'aborted'`, its
 * reason in `detail`), the sender left in the middle of it (`'sender-left'`), or reading failed
 * otherwise (`'read-failed'`).
 */
export type DataStreamProblem =
  | 'open-failed'
  | 'write-failed'
  | 'close-failed'
  | 'size-mismatch'
  | 'room-disconnected'
  | 'aborted'
  | 'sender-left'
  | 'read-failed';

/** The structured detail of a {@link DataStreamError}. */
export interface DataStreamErrorInfo {
  /** The stream or sink, e.g. `streamText`, `byteStreams`. */
  readonly source: string;
  /** Text or byte stream. */
  readonly streamKind: 'text' | 'byte';
  /** Whether this participant was sending or receiving it. */
  readonly direction: 'outgoing' | 'incoming';
  /** What went wrong. */
  readonly problem: DataStreamProblem;
  /** The stream's topic. */
  readonly topic: string;
  /** The stream's id, once known (an outgoing stream has none before it opened). */
  readonly streamId: string | undefined;
  /** The sender's identity (incoming streams). */
  readonly sender: string | undefined;
  /** Chunks written (outgoing) or received (incoming) before it happened. */
  readonly chunks: number;
  /** Bytes written or received before it happened (UTF-8 bytes for text). */
  readonly bytes: number;
  /** rtc-node's message, or the sender's reason for aborting. */
  readonly detail: string | undefined;
}

const hints: Record<DataStreamProblem, string> = {
  'open-failed': 'rtc-node could not open the stream: is the room still connected?',
  'write-failed':
    "rtc-node's writer failed (it may have been closed underneath): send again in a new stream.",
  'close-failed': 'rtc-node could not close the stream; receivers may not have seen its end.',
  'size-mismatch': 'send exactly totalSize bytes, or leave totalSize unset.',
  'room-disconnected': 'the stream ended with the room: receivers got what was sent before.',
  aborted: 'the sender ended the stream abnormally: what arrived is incomplete.',
  'sender-left': 'the sender left in the middle of the stream: what arrived is incomplete.',
  'read-failed': 'reading the stream failed: what arrived is incomplete.',
};

/**
 * A text or byte stream failed: an outgoing one could not be opened, written or closed, or the
 * room disconnected under it; an incoming one was aborted by its sender, cut by the sender leaving
 * or by the room disconnecting. `info` says which stream, how far it got, and rtc-node's detail.
 *
 * ```text
 * tokens$.pipe(streamText(room)):  o-w-w--#   (# = DataStreamError 'room-disconnected')
 * stream.chunks$:                  --a-b--#   (# = DataStreamError 'sender-left')
 * ```
 *
 * @example
 * ```ts
 * import { DataStreamError, textStreams } from 'livekit-rx';
 * import { mergeMap } from 'rxjs';
 * textStreams(room, { topic: 'lk.chat' })
 *   .pipe(mergeMap((stream) => stream.text$))
 *   .subscribe({
 *     error: (err) => err instanceof DataStreamError && console.warn(err.info.problem),
 *   });
 * ```
 */
export class DataStreamError extends LiveKitRxError<DataStreamErrorInfo> {
  /**
   * @param info - Which stream, what went wrong, how far it got.
   * @param cause - rtc-node's error, if any.
   */
  constructor(info: DataStreamErrorInfo, cause?: unknown) {
    const id = info.streamId === undefined ? '' : ` ${info.streamId}`;
    const from = info.sender === undefined ? '' : ` from ${info.sender}`;
    const detail = info.detail === undefined || info.detail === '' ? '' : ` (${info.detail})`;
    super(
      `${info.source}: ${info.direction} ${info.streamKind} stream${id} on topic "${info.topic}"${from} ` +
        `failed after ${info.chunks} chunk(s), ${info.bytes} byte(s): ${info.problem}${detail}. ` +
        hints[info.problem],
      info,
      cause === undefined ? undefined : { cause },
    );
  }
}
