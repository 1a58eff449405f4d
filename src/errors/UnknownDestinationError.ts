import { LiveKitRxError } from './LiveKitRxError';

/** The structured detail of an {@link UnknownDestinationError}. */
export interface UnknownDestinationErrorInfo {
  /** The sink, e.g. `streamText`. */
  readonly source: string;
  /** The destination identities not in the room. */
  readonly missing: readonly string[];
  /** The remote participants present when the send began. */
  readonly present: readonly string[];
}

/**
 * A send named `destinationIdentities` that are not in the room. LiveKit delivers a packet or
 * stream for an absent identity to nobody, and rtc-node reports success, so a misspelt identity
 * would fail silently; livekit-rx checks the room's remote participants when the send begins and
 * fails it at once, before anything is sent. Set `checkDestinations: false` to send anyway (to
 * someone about to join, say). A destination that leaves while a stream is under way ends
 * nothing: it simply receives no more.
 *
 * ```text
 * sendText(room, 'hi', { destinationIdentities: ['bob'] }):  #   (bob is not in the room)
 * ```
 *
 * @example
 * ```ts
 * import { sendText, UnknownDestinationError } from 'livekit-rx';
 * sendText(room, 'hi', { destinationIdentities: ['bob'] }).subscribe({
 *   error: (err) => err instanceof UnknownDestinationError && console.warn(err.info.missing),
 * });
 * ```
 */
export class UnknownDestinationError extends LiveKitRxError<UnknownDestinationErrorInfo> {
  /** @param info - The sink, the absent identities, who is present. */
  constructor(info: UnknownDestinationErrorInfo) {
    super(
      `${info.source}: destination(s) ${info.missing.map((m) => `"${m}"`).join(', ')} not in the ` +
        `room (present: ${info.present.join(', ') || 'nobody'}). LiveKit would deliver to nobody ` +
        `and report success; nothing was sent. Wait for the participant (waitForParticipant), or ` +
        `set checkDestinations: false to send anyway.`,
      info,
    );
  }
}
