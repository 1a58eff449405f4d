import type { Observable, TeardownLogic } from 'rxjs';
import type { RoomEventName, RoomLike } from '../room/RoomLike';
import { watchRoom } from './watchRoom';

/**
 * A list derived from the room's current state: `read()` now, then again after each of `events`,
 * emitted only when its `key` differs from the last one emitted (so an event that changes nothing
 * in the list is not repeated). Completes on disconnect, like every room stream. `triggers`, if
 * given, may call `update` on other signals than room events; its teardown runs on unsubscribe.
 */
export function watchRoomList<T>(
  source: string,
  room: RoomLike,
  events: readonly RoomEventName[],
  read: () => readonly T[],
  key: (item: T) => string,
  triggers?: (update: () => void) => TeardownLogic,
): Observable<readonly T[]> {
  return watchRoom<readonly T[]>(source, room, (subscriber, listen) => {
    let lastKey: string | undefined;
    const update = (): void => {
      const list = read();
      const listKey = list.map(key).join('|');
      if (listKey === lastKey) return;
      lastKey = listKey;
      subscriber.next(list);
    };
    update();
    for (const event of events) listen(event, update);
    if (triggers === undefined) return;
    subscriber.add(
      triggers(() => {
        try {
          update();
        } catch (err) {
          subscriber.error(err);
        }
      }),
    );
  });
}
