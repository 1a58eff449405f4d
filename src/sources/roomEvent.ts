import { RoomEvent } from '@livekit/rtc-node';
import type { Observable } from 'rxjs';
import { UnknownRoomEventError } from '../errors/UnknownRoomEventError';
import { watchRoom } from '../internal/watchRoom';
import type { RoomEventArgs, RoomEventName, RoomLike } from '../room/RoomLike';

const KNOWN: ReadonlySet<string> = new Set(Object.values(RoomEvent));

/**
 * Every emission of one rtc-node room event, as a tuple of the listener's arguments in rtc-node's
 * order (the participant comes last: `[publication, participant]` for `TrackMuted`).
 *
 * Hot: it sees the events emitted while subscribed. One listener per subscription, removed on
 * unsubscribe. Completes when the room emits `Disconnected` (after emitting it, for
 * `roomEvent(room, RoomEvent.Disconnected)`). Errors with a `RoomNotConnectedError` if the room
 * is not connected at subscription. A listener that throws ends the stream with its error.
 *
 * `RoomEvent.Connected` is declared by rtc-node but **never emitted**; use
 * {@link connectionState}, or {@link connect}, which emits the room once connected.
 *
 * ```text
 * room:                                 --p1---m---p2--x      (x = Disconnected)
 * roomEvent(room, ParticipantConnected): --[a]-------[b]|
 * ```
 *
 * @example
 * ```ts
 * import { RoomEvent } from '@livekit/rtc-node';
 * import { roomEvent } from 'livekit-rx';
 * roomEvent(room, RoomEvent.TrackMuted).subscribe(([publication, participant]) =>
 *   console.log(`${participant.identity} muted ${publication.name}`),
 * );
 * ```
 *
 * @param room - A connected room (rtc-node's `Room` or a `TestRoom`).
 * @param event - A `RoomEvent` member (or its string value).
 * @returns A hot stream of argument tuples, typed from rtc-node's callback map for a real `Room`.
 * @throws UnknownRoomEventError at once for a name rtc-node's `Room` never emits.
 * @throws TypeError at once if `room` is not a room.
 */
export function roomEvent<R extends RoomLike, E extends RoomEvent | RoomEventName>(
  room: R,
  event: E,
): Observable<RoomEventArgs<R, `${E}`>> {
  if (!KNOWN.has(event)) {
    throw new UnknownRoomEventError({ event: String(event) }, [...KNOWN]);
  }
  const name = event as RoomEventName;
  return watchRoom<RoomEventArgs<R, `${E}`>>(
    `roomEvent(${name})`,
    room,
    (subscriber, listen) => {
      if (name === 'disconnected') return;
      listen(name, ((...args: RoomEventArgs<R, `${E}`>) => subscriber.next(args)) as never);
    },
    (subscriber, reason) => {
      if (name === 'disconnected') subscriber.next([reason] as RoomEventArgs<R, `${E}`>);
      subscriber.complete();
    },
  );
}
