import type { OperatorFunction } from 'rxjs';
import { EncryptionKeyError } from '../errors/EncryptionKeyError';
import { checkKey, checkKeyIndex, describeValue } from '../internal/checkE2ee';
import { e2eeSink } from '../internal/e2eeSink';
import { findParticipant } from '../internal/findParticipant';
import type { RoomLike } from '../room/RoomLike';

/** One participant's key, an input of {@link setKey}. */
export interface ParticipantKey {
  /** Whose key: a remote identity (to decrypt them) or the local one (to encrypt with it). */
  readonly identity: string;
  readonly key: Uint8Array;
  /** The ring slot (default: the sink's `keyIndex`). */
  readonly keyIndex?: number;
}

/** Options of {@link setKey}. */
export interface SetKeyOptions {
  /** The ring slot of keys that name none (default 0). */
  readonly keyIndex?: number;
  /**
   * When the key is the local participant's, also encrypt its tracks with that slot from now on
   * (default `true`), as {@link setSharedKey} does.
   */
  readonly useForSending?: boolean;
}

/** What {@link setKey} emits for each key it applied (never the key itself). */
export interface ParticipantKeySet {
  readonly identity: string;
  readonly keyIndex: number;
  /** Zero-based position of the key in the input stream. */
  readonly index: number;
}

/**
 * A sink for per-participant end-to-end encryption keys: each `{ identity, key }` becomes the key
 * that participant's media is decrypted with (or, for the local identity, encrypted with). In a
 * room with a shared key, a participant's own key takes precedence for them. Emits what it
 * applied; completes with the input or when the room disconnects. Refused with an
 * {@link EncryptionKeyError}: a key that is not a non-empty `Uint8Array`, an index outside the
 * ring, an identity that is not in the room now (`'unknown-participant'`: wait for them with
 * `waitForParticipant`). An {@link EncryptionNotEnabledError} at subscription without E2EE.
 * (rtc-node 1.1.0's own `KeyProvider.setKey` sends no key and always throws.)
 *
 * ```text
 * keys$:        --{alice,k}----{bob,k}--|
 * setKey(room): --{alice,0,0}--{bob,0,1}|
 * ```
 *
 * @example
 * ```ts
 * import { map, mergeMap } from 'rxjs';
 * import { participantJoined, setKey } from 'livekit-rx';
 * participantJoined(room)
 *   .pipe(
 *     mergeMap(async (p) => ({ identity: p.identity, key: await keyService.keyOf(p.identity) })),
 *     setKey(room),
 *   )
 *   .subscribe();
 * ```
 *
 * @param room - A room connected with `encryption`.
 * @param options - The default key index, and whether the local key is used for sending.
 * @returns An operator from participant keys to what was applied.
 */
export function setKey(
  room: RoomLike,
  options: SetKeyOptions = {},
): OperatorFunction<ParticipantKey, ParticipantKeySet> {
  const { keyIndex = 0, useForSending = true } = options;
  return e2eeSink<ParticipantKey, ParticipantKeySet>(
    'setKey',
    room,
    false,
    (item, index, ctx) => {
      const at = { operation: 'setKey', index };
      const identity = (item as Partial<ParticipantKey> | null)?.identity;
      if (typeof identity !== 'string' || findParticipant(ctx.room, identity) === undefined) {
        throw new EncryptionKeyError({
          ...at,
          problem: 'unknown-participant',
          field: 'identity',
          actual: typeof identity === 'string' ? `"${identity}"` : describeValue(identity),
          expected: `the identity of a participant in the room (${present(ctx.room)})`,
        });
      }
      const key = checkKey(at, item.key);
      const slot = checkKeyIndex(at, item.keyIndex ?? keyIndex, ctx.e2ee.keyRingSize);
      ctx.e2ee.setKey(identity, key, slot);
      if (useForSending && identity === ctx.room.localParticipant?.identity) ctx.sendWith(slot);
      return { identity, keyIndex: slot, index };
    },
    (ctx) => {
      checkKeyIndex({ operation: 'setKey', index: undefined }, keyIndex, ctx.e2ee.keyRingSize);
    },
  );
}

function present(room: RoomLike): string {
  const identities = [
    ...(room.localParticipant === undefined ? [] : [room.localParticipant.identity]),
    ...room.remoteParticipants.keys(),
  ];
  return identities.length === 0 ? 'none' : `present: ${identities.join(', ')}`;
}
