import type { Observable, OperatorFunction } from 'rxjs';
import { EncryptionNotEnabledError } from '../errors/EncryptionNotEnabledError';
import type { RoomLike } from '../room/RoomLike';
import { e2eeOf, type RoomE2ee } from './e2ee';
import { assertRoomLike, watchRoom } from './watchRoom';

/** What an E2EE sink's `apply` can use. */
export interface E2eeSinkContext {
  readonly e2ee: RoomE2ee;
  readonly room: RoomLike;
  /**
   * Makes this participant's own tracks encrypt with `keyIndex`: the ones published now, and
   * (while the sink is subscribed) the ones published later, whose native cryptors start at 0.
   */
  sendWith(keyIndex: number): void;
}

/**
 * An E2EE sink: for each input item, `apply` acts on the room's E2EE (synchronously) and returns
 * what the sink emits. Fails at subscription with a `RoomNotConnectedError` or an
 * {@link EncryptionNotEnabledError} (`needsSharedKey`: also for per-participant keys); an item
 * that `apply` refuses ends the stream with its error; completes when the input completes or the
 * room disconnects. `start`, if given, checks the options against the room at subscription (its
 * error fails the subscription). Throws a `TypeError` at once for something that is not a room.
 * @internal
 */
export function e2eeSink<In, Out>(
  operation: string,
  room: RoomLike,
  needsSharedKey: boolean,
  apply: (item: In, index: number, context: E2eeSinkContext) => Out,
  start?: (context: E2eeSinkContext) => void,
): OperatorFunction<In, Out> {
  assertRoomLike(operation, room);
  return (source: Observable<In>) =>
    watchRoom<Out>(operation, room, (subscriber, listen) => {
      const e2ee = e2eeOf(room);
      if (e2ee === undefined || (needsSharedKey && !e2ee.sharedKey)) {
        const reason = e2ee === undefined ? 'no-encryption' : 'no-shared-key';
        subscriber.error(new EncryptionNotEnabledError({ operation, reason }));
        return;
      }
      let sendIndex: number | undefined;
      const applySendIndex = (): void => {
        const local = room.localParticipant?.identity;
        if (sendIndex === undefined || local === undefined) return;
        for (const cryptor of e2ee.frameCryptors()) {
          if (cryptor.participantIdentity === local && cryptor.keyIndex !== sendIndex) {
            e2ee.setCryptorKeyIndex(local, cryptor.trackSid, sendIndex);
          }
        }
      };
      const context: E2eeSinkContext = {
        e2ee,
        room,
        sendWith: (keyIndex) => {
          sendIndex = keyIndex;
          applySendIndex();
        },
      };
      if (start !== undefined) {
        try {
          start(context);
        } catch (err) {
          subscriber.error(err);
          return;
        }
      }
      listen('localTrackPublished', applySendIndex);
      listen('localTrackRepublished', applySendIndex);
      let index = 0;
      subscriber.add(
        source.subscribe({
          next: (item) => {
            let out: Out;
            try {
              out = apply(item, index++, context);
            } catch (err) {
              subscriber.error(err);
              return;
            }
            subscriber.next(out);
          },
          error: (err: unknown) => subscriber.error(err),
          complete: () => subscriber.complete(),
        }),
      );
    });
}
