import type { EncryptionType } from '@livekit/rtc-node';
import { LiveKitRxError } from './LiveKitRxError';

/** The structured detail of a {@link NotEncryptedError}. */
export interface NotEncryptedErrorInfo {
  /** The operator, `'requireEncrypted'`. */
  readonly operator: string;
  /** The identity whose media or data it guards. */
  readonly participant: string;
  /** Zero-based index of the refused item in the input stream. */
  readonly index: number;
  /**
   * Why: the participant's encryption status was not `true` (`'status'`), or a data packet said
   * it arrived unencrypted (`'packet'`).
   */
  readonly reason: 'status' | 'packet';
  /** The refused data packet's own encryption type, when it had one. */
  readonly encryptionType: EncryptionType | undefined;
}

/**
 * `requireEncrypted` with `onUnencrypted: 'error'` received an item while its participant was
 * not end-to-end encrypted. The item is not delivered; the stream ends.
 *
 * ```text
 * status(alice):               t-------f---
 * frames:                      --a--b----c-
 * requireEncrypted(…,'error'): --a--b----#    (# = NotEncryptedError, info.index = 2)
 * ```
 *
 * @example
 * ```ts
 * import { audioFrames, NotEncryptedError, requireEncrypted } from 'livekit-rx';
 * audioFrames({ room, participant: 'alice' })
 *   .pipe(requireEncrypted(room, 'alice', { onUnencrypted: 'error' }))
 *   .subscribe({ error: (err) => err instanceof NotEncryptedError && alarm(err.info) });
 * ```
 */
export class NotEncryptedError extends LiveKitRxError<NotEncryptedErrorInfo> {
  /** @param info - Which participant and item, and why. */
  constructor(info: NotEncryptedErrorInfo) {
    super(
      `${info.operator}: item ${info.index} from ${info.participant} arrived ` +
        (info.reason === 'packet'
          ? 'in a data packet that was not encrypted'
          : `while ${info.participant} was not end-to-end encrypted`) +
        `, so it was refused. Connect every participant with the same E2EE options, or use ` +
        `onUnencrypted 'pause' or 'drop' to wait for encryption instead of failing.`,
      info,
    );
  }
}
