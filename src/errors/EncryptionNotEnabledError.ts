import { LiveKitRxError } from './LiveKitRxError';

/**
 * Why an E2EE operation cannot act: the room was connected without end-to-end encryption
 * (`'no-encryption'`), or a shared-key operation on a room whose key provider holds
 * per-participant keys (connected without a `sharedKey`: `'no-shared-key'`). The native side
 * ignores such calls silently; livekit-rx refuses them.
 */
export type EncryptionNotEnabledReason = 'no-encryption' | 'no-shared-key';

/** The structured detail of an {@link EncryptionNotEnabledError}. */
export interface EncryptionNotEnabledErrorInfo {
  /** The sink that was subscribed, e.g. `'setSharedKey'`. */
  readonly operation: string;
  /** Why it cannot act. */
  readonly reason: EncryptionNotEnabledReason;
}

/**
 * An E2EE sink was subscribed on a room that cannot do what it asks: a room connected without
 * `encryption` options, or (for `setSharedKey` and `ratchetSharedKey`) one whose keys are
 * per-participant. rtc-node's native side would accept the call and do nothing, so keys you
 * believe are in force would not be; the sink fails at subscription instead.
 *
 * ```text
 * setSharedKey(plainRoom):   #     (# = EncryptionNotEnabledError, reason 'no-encryption')
 * ```
 *
 * @example
 * ```ts
 * import { EncryptionNotEnabledError, setSharedKey } from 'livekit-rx';
 * keys$.pipe(setSharedKey(room)).subscribe({
 *   error: (err) =>
 *     err instanceof EncryptionNotEnabledError &&
 *     console.error('connect with { encryption: { sharedKey } } first'),
 * });
 * ```
 */
export class EncryptionNotEnabledError extends LiveKitRxError<EncryptionNotEnabledErrorInfo> {
  /** @param info - Which sink, and why it cannot act. */
  constructor(info: EncryptionNotEnabledErrorInfo) {
    super(
      info.reason === 'no-encryption'
        ? `${info.operation}: the room was connected without end-to-end encryption, so there ` +
            `are no keys to manage. Connect with connect(url, token, { encryption: { ` +
            `sharedKey } }) (or rtc-node's RoomOptions.encryption).`
        : `${info.operation}: the room's key provider holds per-participant keys (it was ` +
            `connected without a sharedKey), and the native side ignores shared keys then. ` +
            `Use setKey(room) per participant, or connect with a sharedKey.`,
      info,
    );
  }
}
