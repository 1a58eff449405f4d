import type { Observable } from 'rxjs';
import { DataSendError } from '../errors/DataSendError';
import type { RoomLike } from '../room/RoomLike';
import { dataHooksOf, type DataHooks } from './dataHooks';
import { messageOf } from './messageOf';
import { watchRoom } from './watchRoom';

/**
 * A cold one-shot send (a chat message, a DTMF tone): on subscribe, `check` may refuse it with a
 * named error before anything is sent; else `send` runs once and its `done` emits the value and
 * completes, or fails with a `DataSendError` (`'rejected'`). The room disconnecting first is a
 * `DataSendError` (`'room-disconnected'`); unsubscribing first ignores the result.
 * @internal
 */
export function sendOnce<T>(
  sink: string,
  room: RoomLike,
  send: (hooks: DataHooks, done: (error: unknown, value: T) => void) => void,
  check: () => Error | undefined = () => undefined,
): Observable<T> {
  return watchRoom<T>(
    sink,
    room,
    (subscriber, listen) => {
      const refused = check();
      if (refused !== undefined) return subscriber.error(refused);
      const failed = (reason: 'rejected' | 'room-disconnected', error: unknown = undefined): void =>
        subscriber.error(
          new DataSendError(
            {
              sink,
              reason,
              index: 0,
              unsent: 1,
              detail: reason === 'rejected' ? messageOf(error) : undefined,
            },
            error,
          ),
        );
      listen('disconnected', () => failed('room-disconnected'));
      try {
        send(dataHooksOf(room) as DataHooks, (error, value) => {
          if (subscriber.closed) return;
          if (error !== undefined) return failed('rejected', error);
          subscriber.next(value);
          subscriber.complete();
        });
      } catch (err) {
        failed('rejected', err);
      }
    },
    () => undefined, // the 'disconnected' listener above decides
  );
}
