import { ConnectionState, type DisconnectReason } from '@livekit/rtc-node';
import { Observable, type Subscriber } from 'rxjs';
import { RoomNotConnectedError } from '../errors/RoomNotConnectedError';
import type { RoomEventName, RoomLike, RoomLikeCallbacks } from '../room/RoomLike';

/** Adds a typed listener for the lifetime of the subscription. */
export type Listen = <E extends RoomEventName>(event: E, listener: RoomLikeCallbacks[E]) => void;

/** How a room stream reacts to the room's `Disconnected` event (default: complete). */
export type OnDisconnected<T> = (subscriber: Subscriber<T>, reason: DisconnectReason) => void;

/**
 * The one way our sources attach to a room: checks the room at call time (a `TypeError` for
 * something that is not a room), fails a subscription to a room that is not connected with a
 * {@link RoomNotConnectedError}, adds one listener per event per subscription, turns a throwing
 * handler into a stream error, completes on `Disconnected`, and removes every listener on
 * teardown.
 */
export function watchRoom<T>(
  source: string,
  room: RoomLike,
  setup: (subscriber: Subscriber<T>, listen: Listen) => void,
  onDisconnected: OnDisconnected<T> = (subscriber) => subscriber.complete(),
): Observable<T> {
  assertRoomLike(source, room);
  return new Observable<T>((subscriber) => {
    if (room.connectionState === ConnectionState.CONN_DISCONNECTED) {
      subscriber.error(
        new RoomNotConnectedError({ source, connectionState: room.connectionState }),
      );
      return;
    }
    const attached: Array<[RoomEventName, (...args: unknown[]) => void]> = [];
    const listen: Listen = (event, listener) => {
      const guarded = (...args: unknown[]): void => {
        try {
          (listener as (...a: unknown[]) => void)(...args);
        } catch (err) {
          subscriber.error(err);
        }
      };
      attached.push([event, guarded]);
      room.on(event, guarded);
      allowListeners(room, +1);
    };
    listen('disconnected', (reason) => onDisconnected(subscriber, reason));
    setup(subscriber, listen);
    return () => {
      for (const [event, listener] of attached) room.off(event, listener);
      allowListeners(room, -attached.length);
      attached.length = 0;
    };
  });
}

interface MaxListeners {
  getMaxListeners(): number;
  setMaxListeners(n: number): unknown;
}

/**
 * Rooms are node `EventEmitter`s, which warn ("possible memory leak") past 10 listeners per
 * event. Our listeners are scoped to subscriptions, so they raise the limit by as many as they
 * add and lower it again when removed: the warning stays meaningful for the caller's own
 * listeners, and 11 subscriptions do not trip it. An unlimited emitter (0) is left alone.
 */
export function allowListeners(room: RoomLike, delta: number): void {
  const emitter = room as Partial<MaxListeners>;
  if (
    typeof emitter.getMaxListeners !== 'function' ||
    typeof emitter.setMaxListeners !== 'function'
  ) {
    return;
  }
  const max = emitter.getMaxListeners();
  if (max === 0 || delta === 0) return;
  emitter.setMaxListeners(Math.max(1, max + delta));
}

/** Throws a `TypeError` at once when `room` is not a room (like rxjs `fromEvent`). */
export function assertRoomLike(source: string, room: unknown): asserts room is RoomLike {
  const candidate = room as Partial<RoomLike> | null;
  if (
    candidate === null ||
    typeof candidate !== 'object' ||
    typeof candidate.on !== 'function' ||
    typeof candidate.off !== 'function' ||
    !(candidate.remoteParticipants instanceof Map)
  ) {
    throw new TypeError(
      `${source}: expected a Room (rtc-node's Room or livekit-rx/testing's TestRoom), got ${describe(room)}`,
    );
  }
}

function describe(value: unknown): string {
  if (value === null || typeof value !== 'object') return String(value);
  return `an object without on/off/remoteParticipants (${value.constructor.name})`;
}
