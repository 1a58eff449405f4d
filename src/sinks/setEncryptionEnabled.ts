import type { OperatorFunction } from 'rxjs';
import { EncryptionKeyError } from '../errors/EncryptionKeyError';
import { describeValue } from '../internal/checkE2ee';
import { e2eeSink } from '../internal/e2eeSink';
import type { RoomLike } from '../room/RoomLike';

/**
 * A sink that switches the room's end-to-end encryption on and off: `false` makes every frame
 * cryptor pass frames through as they are (this participant sends its media unencrypted and
 * stops decrypting what it receives), `true` resumes. It does not change other participants:
 * while they still encrypt, what they send is undecryptable here, and what this participant
 * sends unencrypted they fail to decrypt, so switch everyone together. Emits each state it
 * applied; completes with the input or when the room disconnects. An
 * {@link EncryptionNotEnabledError} at subscription on a room connected without E2EE; an
 * {@link EncryptionKeyError} (`'option'`) for an item that is not a boolean.
 *
 * ```text
 * enabled$:                   --f------t--|
 * setEncryptionEnabled(room): --f------t--|
 * ```
 *
 * @example
 * ```ts
 * import { map } from 'rxjs';
 * import { participantAttributes, setEncryptionEnabled } from 'livekit-rx';
 * participantAttributes(room, 'host')
 *   .pipe(map((a) => a.e2ee !== 'off'), setEncryptionEnabled(room))
 *   .subscribe();
 * ```
 *
 * @param room - A room connected with `encryption`.
 * @returns An operator from the wanted state to the applied state.
 */
export function setEncryptionEnabled(room: RoomLike): OperatorFunction<boolean, boolean> {
  return e2eeSink<boolean, boolean>('setEncryptionEnabled', room, false, (enabled, index, ctx) => {
    if (typeof enabled !== 'boolean') {
      throw new EncryptionKeyError({
        operation: 'setEncryptionEnabled',
        index,
        problem: 'option',
        field: 'enabled',
        actual: describeValue(enabled),
        expected: 'true or false',
      });
    }
    ctx.e2ee.setEnabled(enabled);
    return enabled;
  });
}
