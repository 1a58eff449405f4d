import { EncryptionState } from '@livekit/rtc-node';
import type { Observable } from 'rxjs';
import { e2eeOf } from '../internal/e2ee';
import { findParticipant } from '../internal/findParticipant';
import { watchRoom } from '../internal/watchRoom';
import type { ParticipantOf, RoomLike } from '../room/RoomLike';

/** One end-to-end encryption failure reported by a frame cryptor. */
export interface EncryptionErrorEvent<R extends RoomLike = RoomLike> {
  /**
   * Whose track: a remote identity when its media cannot be decrypted here, the local identity
   * when this participant's own media cannot be encrypted.
   */
  readonly identity: string;
  /** That participant, if still in the room. */
  readonly participant: ParticipantOf<R> | undefined;
  /**
   * `DECRYPTION_FAILED` (wrong key, reported once `failureTolerance` failures in a row are
   * exceeded), `MISSING_KEY` (no key at the frame's key index), `ENCRYPTION_FAILED` or
   * `INTERNAL_ERROR`.
   */
  readonly state: EncryptionState;
}

const ERRORS: ReadonlySet<EncryptionState> = new Set([
  EncryptionState.ENCRYPTION_FAILED,
  EncryptionState.DECRYPTION_FAILED,
  EncryptionState.MISSING_KEY,
  EncryptionState.INTERNAL_ERROR,
]);

/**
 * The end-to-end encryption failures of the room's frame cryptors, with the participant they
 * concern: each time a cryptor enters a failing state (it reports a state once when it enters it,
 * not per frame; a return to `OK` is not emitted). Hot; completes when the room disconnects.
 * A room connected without E2EE has no cryptors: nothing is emitted.
 *
 * rtc-node 1.1.0 drops these states except `INTERNAL_ERROR`, which its room emits as
 * `EncryptionError` without the participant; livekit-rx reads them from the native events
 * instead. With rtc-node's default `failureTolerance` of -1 a wrong key is **never** reported
 * (the frames are dropped silently): connect with `failureTolerance: 0` (or a small number) to
 * hear about it, and `ratchetWindowSize: 0` unless peers ratchet, since every undecryptable
 * frame costs a PBKDF2 derivation per ratchet step.
 *
 * ```text
 * cryptor states (alice):  --OK----DECRYPTION_FAILED----OK--MISSING_KEY--x
 * encryptionErrors(room):  --------a--------------------------m----------|
 * ```
 *
 * @example
 * ```ts
 * import { EncryptionState } from '@livekit/rtc-node';
 * import { encryptionErrors } from 'livekit-rx';
 * encryptionErrors(room).subscribe(({ identity, state }) =>
 *   console.warn(`cannot decrypt ${identity}: ${EncryptionState[state]}`),
 * );
 * ```
 *
 * @param room - A connected room.
 * @returns Encryption failures; completes on disconnect.
 */
export function encryptionErrors<R extends RoomLike>(room: R): Observable<EncryptionErrorEvent<R>> {
  return watchRoom<EncryptionErrorEvent<R>>('encryptionErrors', room, (subscriber) => {
    const e2ee = e2eeOf(room);
    if (e2ee === undefined) return;
    subscriber.add(
      e2ee.onState((identity, state) => {
        if (!ERRORS.has(state)) return;
        const participant = findParticipant(room, identity) as ParticipantOf<R> | undefined;
        subscriber.next({ identity, participant, state });
      }),
    );
  });
}
