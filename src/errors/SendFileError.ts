import { LiveKitRxError } from './LiveKitRxError';

/**
 * What was wrong with the file: it does not exist (`'not-found'`), is a directory or another
 * non-regular file (`'not-a-file'`), cannot be opened (`'unreadable'`, permissions), failed while
 * being read (`'read-failed'`), or got shorter while it was being sent (`'changed'`).
 */
export type SendFileProblem = 'not-found' | 'not-a-file' | 'unreadable' | 'read-failed' | 'changed';

/** The structured detail of a {@link SendFileError}. */
export interface SendFileErrorInfo {
  /** The path given to `sendFile`. */
  readonly path: string;
  /** What was wrong. */
  readonly problem: SendFileProblem;
  /** The system error code (`ENOENT`, `EISDIR`, `EACCES`, ...), if any. */
  readonly code: string | undefined;
  /** Bytes read and handed to the stream before it happened (0 before the stream opened). */
  readonly bytesSent: number;
}

/**
 * `sendFile` could not read the file: a missing, non-regular or unreadable file is found before
 * the stream opens (nothing is sent); a read that fails, or a file that shrinks, while it is being
 * sent aborts the stream, so receivers see an error, not a truncated file.
 *
 * ```text
 * sendFile(room, 'missing.bin'):  #   (# = SendFileError 'not-found', code ENOENT)
 * ```
 *
 * @example
 * ```ts
 * import { sendFile, SendFileError } from 'livekit-rx';
 * sendFile(room, './report.pdf', { topic: 'files' }).subscribe({
 *   error: (err) => err instanceof SendFileError && console.error(err.info.problem, err.info.path),
 * });
 * ```
 */
export class SendFileError extends LiveKitRxError<SendFileErrorInfo> {
  /**
   * @param info - The path, what was wrong, the system code, how far it got.
   * @param cause - The file system's error, if any.
   */
  constructor(info: SendFileErrorInfo, cause?: unknown) {
    const what: Record<SendFileProblem, string> = {
      'not-found': 'does not exist',
      'not-a-file': 'is not a regular file (a directory?)',
      unreadable: 'cannot be opened for reading (permissions?)',
      'read-failed': `failed while being read, after ${info.bytesSent} bytes`,
      changed: `got shorter while being sent, after ${info.bytesSent} bytes`,
    };
    const code = info.code === undefined ? '' : ` (${info.code})`;
    super(
      `sendFile: "${info.path}" ${what[info.problem]}${code}. ` +
        (info.problem === 'read-failed' || info.problem === 'changed'
          ? 'The stream was aborted: receivers see an error, not a truncated file.'
          : 'Nothing was sent.'),
      info,
      cause === undefined ? undefined : { cause },
    );
  }
}
