import { LiveKitRxError } from './LiveKitRxError';

/** The structured detail of an {@link UnknownRoomEventError}. */
export interface UnknownRoomEventErrorInfo {
  /** The name that was asked for. */
  readonly event: string;
}

/**
 * {@link roomEvent} was asked for an event rtc-node's `Room` never emits (a typo, or a name from
 * another SDK such as `trackStreamStateChanged`). Thrown at once, before anything subscribes.
 *
 * ```text
 * roomEvent(room, 'particpantConnected')   -> throws UnknownRoomEventError
 * ```
 *
 * @example
 * ```ts
 * import { roomEvent, UnknownRoomEventError } from 'livekit-rx';
 * try {
 *   roomEvent(room, name as RoomEvent);
 * } catch (err) {
 *   if (err instanceof UnknownRoomEventError) console.error(err.message);
 * }
 * ```
 */
export class UnknownRoomEventError extends LiveKitRxError<UnknownRoomEventErrorInfo> {
  /**
   * @param info - The unknown name.
   * @param known - The names rtc-node emits.
   */
  constructor(info: UnknownRoomEventErrorInfo, known: readonly string[]) {
    super(
      `roomEvent: "${info.event}" is not an event of rtc-node's Room. Use a RoomEvent member; ` +
        `the known events are: ${known.join(', ')}.`,
      info,
    );
  }
}
