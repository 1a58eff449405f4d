import type { Observable } from 'rxjs';
import { rememberRoom } from '../internal/roomMemory';
import { watchRoom } from '../internal/watchRoom';
import type { RoomLike } from './RoomLike';

/**
 * A room you connected yourself, with the same lifecycle as {@link connect}: emits the room at
 * once, completes when it disconnects. Unlike `connect`, unsubscribing does **not** disconnect
 * it: you own it. A room that is not connected is a `RoomNotConnectedError`.
 *
 * From the moment it is passed here, livekit-rx remembers what rtc-node forgets (the active
 * speakers and each participant's connection quality), so {@link activeSpeakers} and
 * {@link connectionQuality} start from the true current value.
 *
 * ```text
 * fromRoom(room):    r---------|     (| = the room disconnected)
 * ```
 *
 * @example
 * ```ts
 * import { Room } from '@livekit/rtc-node';
 * import { switchMap } from 'rxjs';
 * import { fromRoom, participantJoined } from 'livekit-rx';
 * const room = new Room();
 * await room.connect(url, token);
 * fromRoom(room)
 *   .pipe(switchMap((r) => participantJoined(r)))
 *   .subscribe((p) => console.log(`${p.identity} joined`));
 * ```
 *
 * @param room - A connected room (rtc-node's `Room` or a `TestRoom`).
 * @returns The room, once; completes on disconnect.
 */
export function fromRoom<R extends RoomLike>(room: R): Observable<R> {
  return watchRoom<R>('fromRoom', room, (subscriber) => {
    rememberRoom(room);
    subscriber.next(room);
  });
}
