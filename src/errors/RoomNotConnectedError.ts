import type { ConnectionState } from '@livekit/rtc-node';
import { LiveKitRxError } from './LiveKitRxError';

/** The structured detail of a {@link RoomNotConnectedError}. */
export interface RoomNotConnectedErrorInfo {
  /** The stream that was subscribed, e.g. `participants`. */
  readonly source: string;
  /** The room's connection state at subscription (`CONN_DISCONNECTED`). */
  readonly connectionState: ConnectionState;
}

/**
 * A room stream was subscribed on a room that is not connected (never connected, or already
 * disconnected). rtc-node emits nothing on such a room, so the stream would wait forever; it
 * fails at once instead. Subscribe after `room.connect()` resolves, or use
 * {@link connect}/{@link fromRoom}, which emit the room only while it is connected.
 *
 * ```text
 * participants(disconnectedRoom):  #     (# = RoomNotConnectedError at subscription)
 * ```
 *
 * @example
 * ```ts
 * import { participants, RoomNotConnectedError } from 'livekit-rx';
 * participants(room).subscribe({
 *   error: (err) => err instanceof RoomNotConnectedError && console.error(err.message),
 * });
 * ```
 */
export class RoomNotConnectedError extends LiveKitRxError<RoomNotConnectedErrorInfo> {
  /** @param info - Which stream, and the room's state. */
  constructor(info: RoomNotConnectedErrorInfo) {
    super(
      `${info.source}: the room is not connected (connection state ${info.connectionState}), ` +
        `so it will emit no events. Subscribe after room.connect() resolves, or start from ` +
        `connect(url, token) or fromRoom(room), which emit the room while it is connected.`,
      info,
    );
  }
}
