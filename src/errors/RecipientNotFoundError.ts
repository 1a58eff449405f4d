import { LiveKitRxError } from './LiveKitRxError';

/** The structured detail of a {@link RecipientNotFoundError}. */
export interface RecipientNotFoundErrorInfo {
  /** The sink that checked: `'publishData'`, `'sendChatMessage'`. */
  readonly sink: string;
  /** Zero-based index of the item that was to be sent (0 for a one-shot send). */
  readonly index: number;
  /** The destination identities that are not remote participants of the room. */
  readonly missing: readonly string[];
  /** The remote participants present when it was checked. */
  readonly present: readonly string[];
}

/**
 * A destination identity is not a remote participant of the room when the item is sent: a typo,
 * a participant who has left, or the local identity (the server never echoes a packet to its
 * sender). LiveKit would drop the packet for that identity without a word; livekit-rx sends
 * nothing and says so.
 *
 * ```text
 * payloads:                                 --a--b--    (bob leaves between a and b)
 * publishData({ destinationIdentities: [bob] }): --a--#  (# = RecipientNotFoundError)
 * ```
 *
 * @example
 * ```ts
 * import { publishData, RecipientNotFoundError } from 'livekit-rx';
 * payload$.pipe(publishData(room, { destinationIdentities: ['bob'] })).subscribe({
 *   error: (err) => err instanceof RecipientNotFoundError && console.warn(err.info.missing),
 * });
 * ```
 */
export class RecipientNotFoundError extends LiveKitRxError<RecipientNotFoundErrorInfo> {
  /** @param info - Which sink and item, who is missing, who is there. */
  constructor(info: RecipientNotFoundErrorInfo) {
    super(
      `${info.sink}: item ${info.index} is for ${info.missing.map((m) => `"${m}"`).join(', ')}, ` +
        `not in the room (remote participants: ${info.present.join(', ') || 'none'}); nothing ` +
        `was sent. Check the identity, or wait for the participant (waitForParticipant).`,
      info,
    );
  }
}
