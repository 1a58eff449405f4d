import type { OperatorFunction } from 'rxjs';
import { checkKey, checkKeyIndex } from '../internal/checkE2ee';
import { e2eeSink } from '../internal/e2eeSink';
import type { RoomLike } from '../room/RoomLike';

/** Options of {@link setSharedKey}. */
export interface SetSharedKeyOptions {
  /**
   * Where in the key ring each key goes (default 0): a number, or a function of the key and its
   * position in the input (`(_, i) => i % 16` cycles through the ring). From 0 to the ring size
   * minus 1 (16 keys unless `keyRingSize` says otherwise).
   */
  readonly keyIndex?: number | ((key: Uint8Array, index: number) => number);
  /**
   * Also encrypt this participant's tracks with the new key from now on (default `true`): sets
   * the key index of its frame cryptors, including those of tracks published later while the
   * sink is subscribed (the native side starts every new cryptor at index 0). Set `false` to
   * stage a key that peers must have before anyone sends with it.
   */
  readonly useForSending?: boolean;
}

/** What {@link setSharedKey} emits for each key it applied (never the key itself). */
export interface SharedKeySet {
  /** The ring slot the key went to. */
  readonly keyIndex: number;
  /** Zero-based position of the key in the input stream. */
  readonly index: number;
}

/**
 * A sink for the room's shared end-to-end encryption key: each key from the input replaces the
 * key at its index in the ring (receivers decrypt each frame with the key its trailer names, so
 * older indexes keep decrypting frames in flight), and by default this participant encrypts
 * with it from then on. Emits what it applied; completes with the input or when the room
 * disconnects. Keys are checked first: an {@link EncryptionKeyError} for a key that is not a
 * non-empty `Uint8Array` or an index outside the ring. Fails at subscription with an
 * {@link EncryptionNotEnabledError} on a room connected without E2EE or without a shared key
 * (rtc-node would ignore the key silently).
 *
 * ```text
 * keys$:                        --k1--------k2----|
 * setSharedKey(room,{keyIndex}):--{0,0}-----{0,1}-|
 * ```
 *
 * @example
 * ```ts
 * import { interval, map } from 'rxjs';
 * import { setSharedKey } from 'livekit-rx';
 * // Rotate hourly to a key your key service hands out, cycling through ring slots 0-15.
 * interval(3_600_000)
 *   .pipe(
 *     map(() => keyService.current()),
 *     setSharedKey(room, { keyIndex: (_, i) => (i + 1) % 16 }),
 *   )
 *   .subscribe(({ keyIndex }) => console.log('encrypting with key', keyIndex));
 * ```
 *
 * @param room - A room connected with `encryption: { sharedKey }`.
 * @param options - The key index (or how to pick it) and whether to send with it.
 * @returns An operator from keys to what was applied.
 */
export function setSharedKey(
  room: RoomLike,
  options: SetSharedKeyOptions = {},
): OperatorFunction<Uint8Array, SharedKeySet> {
  const { keyIndex = 0, useForSending = true } = options;
  return e2eeSink<Uint8Array, SharedKeySet>(
    'setSharedKey',
    room,
    true,
    (key, index, context) => {
      const at = { operation: 'setSharedKey', index };
      const checkedKey = checkKey(at, key);
      const slot = checkKeyIndex(
        at,
        typeof keyIndex === 'function' ? keyIndex(checkedKey, index) : keyIndex,
        context.e2ee.keyRingSize,
      );
      context.e2ee.setSharedKey(checkedKey, slot);
      if (useForSending) context.sendWith(slot);
      return { keyIndex: slot, index };
    },
    (context) => {
      if (typeof keyIndex !== 'function') {
        checkKeyIndex(
          { operation: 'setSharedKey', index: undefined },
          keyIndex,
          context.e2ee.keyRingSize,
        );
      }
    },
  );
}
