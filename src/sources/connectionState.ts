import type { ConnectionState } from '@livekit/rtc-node';
import type { Observable } from 'rxjs';
import { watchRoom } from '../internal/watchRoom';
import type { RoomLike } from '../room/RoomLike';

/**
 * The room's connection state: the current one first, then each change
 * (`CONN_CONNECTED` → `CONN_RECONNECTING` → `CONN_CONNECTED` ...), ending with
 * `CONN_DISCONNECTED` and completion when the room disconnects.
 *
 * This is how to observe "connected": rtc-node never emits `RoomEvent.Connected`. Hot, one
 * listener per subscription, no repeated values. A room that is not connected at subscription is
 * a `RoomNotConnectedError`.
 *
 * ```text
 * room:                  ----r-----c----x     (r = reconnecting, c = reconnected, x = disconnected)
 * connectionState(room): C---R-----C----D|    (C = CONN_CONNECTED, R = CONN_RECONNECTING, D = CONN_DISCONNECTED)
 * ```
 *
 * @example
 * ```ts
 * import { ConnectionState } from '@livekit/rtc-node';
 * import { connectionState } from 'livekit-rx';
 * connectionState(room).subscribe((state) => ui.setOnline(state === ConnectionState.CONN_CONNECTED));
 * ```
 *
 * @param room - A connected room.
 * @returns The current state, then its changes; completes on disconnect.
 */
export function connectionState(room: RoomLike): Observable<ConnectionState> {
  return watchRoom<ConnectionState>('connectionState', room, (subscriber, listen) => {
    let last = room.connectionState;
    subscriber.next(last);
    listen('connectionStateChanged', (state) => {
      if (state === last) return;
      last = state;
      subscriber.next(state);
    });
  });
}
