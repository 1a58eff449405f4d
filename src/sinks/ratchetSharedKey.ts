import type { OperatorFunction } from 'rxjs';
import { EncryptionKeyError } from '../errors/EncryptionKeyError';
import { checkKeyIndex } from '../internal/checkE2ee';
import { e2eeSink } from '../internal/e2eeSink';
import type { RoomLike } from '../room/RoomLike';

/** Options of {@link ratchetSharedKey}. */
export interface RatchetSharedKeyOptions {
  /** The ring slot to ratchet (default 0). */
  readonly keyIndex?: number;
}

/** What {@link ratchetSharedKey} emits per trigger. */
export interface RatchetedKey {
  /** The ring slot that was ratcheted. */
  readonly keyIndex: number;
  /**
   * The new key material (the old one derived with the ratchet salt): hand it to a participant
   * who joins later, since they cannot derive it from the original key by ratcheting past it.
   */
  readonly key: Uint8Array;
  /** Zero-based position of the trigger in the input stream. */
  readonly index: number;
}

/**
 * A sink that ratchets the room's shared key once per input item (any value: a timer, a
 * "participant left" event): the key at `keyIndex` is replaced by one derived from it. Peers who
 * hold the old key follow on their own: a frame they cannot decrypt makes them try up to
 * `ratchetWindowSize` ratchet steps, so the media keeps flowing. Emits the new key; completes
 * with the input or when the room disconnects. An {@link EncryptionKeyError} at subscription
 * for an index outside the ring (the native side would abort the process), and at a trigger
 * that finds the slot empty (`'no-key'`);
 * an {@link EncryptionNotEnabledError} at subscription without E2EE or a shared key.
 *
 * ```text
 * leaves$:                  ----l------l--|
 * ratchetSharedKey(room):   ----r1-----r2-|     (r = { keyIndex: 0, key, index })
 * ```
 *
 * @example
 * ```ts
 * import { participantLeft, ratchetSharedKey } from 'livekit-rx';
 * // Forward secrecy against whoever leaves: ratchet when anyone leaves.
 * participantLeft(room).pipe(ratchetSharedKey(room)).subscribe(({ key }) => vault.store(key));
 * ```
 *
 * @param room - A room connected with `encryption: { sharedKey }`.
 * @param options - Which ring slot to ratchet.
 * @returns An operator from triggers to the ratcheted keys.
 */
export function ratchetSharedKey(
  room: RoomLike,
  options: RatchetSharedKeyOptions = {},
): OperatorFunction<unknown, RatchetedKey> {
  const { keyIndex = 0 } = options;
  return e2eeSink<unknown, RatchetedKey>(
    'ratchetSharedKey',
    room,
    true,
    (_, index, context) => {
      const at = { operation: 'ratchetSharedKey', index };
      const slot = keyIndex;
      const key = context.e2ee.ratchetSharedKey(slot);
      if (key === undefined) {
        throw new EncryptionKeyError({
          ...at,
          problem: 'no-key',
          field: 'keyIndex',
          actual: `${slot} (an empty slot)`,
          expected: 'the index of a key set with setSharedKey or at connect (slot 0)',
        });
      }
      return { keyIndex: slot, key, index };
    },
    (context) => {
      checkKeyIndex(
        { operation: 'ratchetSharedKey', index: undefined },
        keyIndex,
        context.e2ee.keyRingSize,
      );
    },
  );
}
