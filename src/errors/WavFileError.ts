import { LiveKitRxError } from './LiveKitRxError';

/** The structured detail of a {@link WavFileError}. */
export interface WavFileErrorInfo {
  /** The file's path. */
  readonly path: string;
  /** What the file system was asked to do. */
  readonly operation: 'open' | 'read' | 'write' | 'close';
  /** The system error code (`'ENOENT'`, `'EACCES'`, `'ENOSPC'`, ...), when there is one. */
  readonly code: string | undefined;
}

/**
 * The file system failed under {@link readWav} or {@link writeWav}: the file does not exist,
 * may not be opened, the disk is full. Ends the stream; `cause` holds node's error.
 *
 * ```text
 * readWav('missing.wav'):  #       (# = WavFileError, info.operation = 'open', code 'ENOENT')
 * ```
 *
 * @example
 * ```ts
 * import { readWav, WavFileError } from 'livekit-rx';
 * readWav('missing.wav').subscribe({
 *   error: (err) => err instanceof WavFileError && console.error(err.info.code, err.info.path),
 * });
 * ```
 */
export class WavFileError extends LiveKitRxError<WavFileErrorInfo> {
  /**
   * @param info - Which file, which operation, the system code.
   * @param cause - Node's error.
   */
  constructor(info: WavFileErrorInfo, cause: unknown) {
    super(
      `${info.operation} of ${info.path} failed: ` +
        `${cause instanceof Error ? cause.message : String(cause)}. ` +
        'Check the path, its permissions and the free disk space.',
      info,
      { cause },
    );
  }
}
