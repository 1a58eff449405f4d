import { EncryptionType } from '@livekit/rtc-node';
import {
  distinctUntilChanged,
  map,
  Observable,
  type MonoTypeOperatorFunction,
  type Subscription,
} from 'rxjs';
import { NotEncryptedError } from '../errors/NotEncryptedError';
import { assertRoomLike } from '../internal/watchRoom';
import type { RoomLike } from '../room/RoomLike';
import { encryptionStatus } from '../sources/encryptionStatus';

/** Options of {@link requireEncrypted}. */
export interface RequireEncryptedOptions {
  /**
   * What to do with the input while the participant is not encrypted (default `'drop'`):
   * `'drop'` discards its items (the input stays subscribed), `'pause'` unsubscribes from the
   * input and subscribes again once encrypted (a cold source such as `audioFrames` closes its
   * native stream meanwhile), `'error'` ends with a {@link NotEncryptedError} at the first item
   * that would have passed unencrypted.
   */
  readonly onUnencrypted?: 'error' | 'pause' | 'drop';
}

const POLICIES = new Set(['error', 'pause', 'drop']);

/**
 * Lets a participant's frames or data through only while that participant is end-to-end
 * encrypted: for any stream (audio or video frames, data packets, anything of theirs), items flow
 * while `encryptionStatus(room)` says `true` for the identity, and are dropped, paused or refused
 * otherwise. A data packet that carries its own `encryptionType` (see `dataReceived`) is judged
 * by it: `NONE` never passes, an encrypted one always does; packets that do not know theirs
 * (rtc-node 1.1.0 does not report it in an E2EE room) follow the participant's status, which
 * the native side turns false once it has seen unencrypted data from them. Completes when the
 * input completes (with `'pause'`, also when the room disconnects while paused).
 *
 * ```text
 * status(alice):          f---t-------f------t---
 * frames:                 -a--b--c--d--e--f----g-
 * drop:                   ----b--c------------g-
 * pause (resubscribes):   ----^b--c--!-------^g-
 * error:                  -#                       (# = NotEncryptedError for a)
 * ```
 *
 * @example
 * ```ts
 * import { audioFrames, requireEncrypted } from 'livekit-rx';
 * // Transcribe alice only while her media is end-to-end encrypted.
 * audioFrames({ room, participant: 'alice' })
 *   .pipe(requireEncrypted(room, 'alice', { onUnencrypted: 'pause' }))
 *   .subscribe((frame) => stt.push(frame.data));
 * ```
 *
 * @param room - A connected room.
 * @param participant - The identity (or participant) whose encryption gates the stream.
 * @param options - What to do while unencrypted.
 * @returns An operator that passes items only while `participant` is encrypted.
 */
export function requireEncrypted<T>(
  room: RoomLike,
  participant: string | { readonly identity: string },
  options: RequireEncryptedOptions = {},
): MonoTypeOperatorFunction<T> {
  assertRoomLike('requireEncrypted', room);
  const identity = typeof participant === 'string' ? participant : participant?.identity;
  if (typeof identity !== 'string') {
    throw new TypeError(
      `requireEncrypted: expected a participant identity, got ${String(participant)}`,
    );
  }
  const policy = options.onUnencrypted ?? 'drop';
  if (!POLICIES.has(policy)) {
    throw new RangeError(
      `requireEncrypted: onUnencrypted must be 'error', 'pause' or 'drop', got ${String(policy)}`,
    );
  }
  return (source) =>
    new Observable<T>((subscriber) => {
      let encrypted = false;
      let index = 0;
      let input: Subscription | undefined;
      const onItem = (item: T): void => {
        const at = index++;
        const packetType = packetEncryption(item);
        const passes = packetType === undefined ? encrypted : packetType !== EncryptionType.NONE;
        if (passes) {
          subscriber.next(item);
          return;
        }
        if (policy !== 'error') return;
        subscriber.error(
          new NotEncryptedError({
            operator: 'requireEncrypted',
            participant: identity,
            index: at,
            reason: packetType === undefined ? 'status' : 'packet',
            encryptionType: packetType,
          }),
        );
      };
      const subscribeInput = (): void => {
        input = source.subscribe({
          next: onItem,
          error: (err: unknown) => subscriber.error(err),
          complete: () => subscriber.complete(),
        });
      };
      const status = encryptionStatus(room)
        .pipe(
          map((statuses) => statuses.get(identity) === true),
          distinctUntilChanged(),
        )
        .subscribe({
          next: (on) => {
            encrypted = on;
            if (policy !== 'pause') return;
            if (on && input === undefined) {
              subscribeInput();
            } else if (!on && input !== undefined) {
              input.unsubscribe();
              input = undefined;
            }
          },
          error: (err: unknown) => subscriber.error(err),
          complete: () => {
            if (policy === 'pause' && input === undefined) subscriber.complete();
          },
        });
      if (policy !== 'pause' && !subscriber.closed) subscribeInput();
      return () => {
        status.unsubscribe();
        input?.unsubscribe();
      };
    });
}

/** A data packet's own encryption type, when the item is one that knows it. */
function packetEncryption(item: unknown): EncryptionType | undefined {
  if (item === null || typeof item !== 'object') return undefined;
  const candidate = item as { payload?: unknown; encryptionType?: unknown };
  if (!(candidate.payload instanceof Uint8Array)) return undefined;
  return typeof candidate.encryptionType === 'number'
    ? (candidate.encryptionType as EncryptionType)
    : undefined;
}
