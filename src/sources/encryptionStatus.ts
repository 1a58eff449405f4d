import { EncryptionType } from '@livekit/rtc-node';
import type { Observable } from 'rxjs';
import { watchRoom } from '../internal/watchRoom';
import type { ParticipantLike, RoomLike } from '../room/RoomLike';

/**
 * Whether each participant's media is end-to-end encrypted, keyed by identity (local participant
 * included): first as the publications say now (a participant counts as encrypted when it
 * publishes and every publication's `encryptionType` is not `NONE`), then updated by each
 * `ParticipantEncryptionStatusChanged`, by joins and by leaves. Completes when the room
 * disconnects. Each emission is a fresh map. Encryption failures are a separate stream:
 * `roomEvent(room, RoomEvent.EncryptionError)`.
 *
 * ```text
 * room:                   ---a------e(a,true)----a'--x
 * encryptionStatus(room): {}-{a:f}--{a:t}--------{}--|
 * ```
 *
 * @example
 * ```ts
 * import { encryptionStatus } from 'livekit-rx';
 * encryptionStatus(room).subscribe((status) => {
 *   const clear = [...status].filter(([, encrypted]) => !encrypted).map(([id]) => id);
 *   if (clear.length > 0) console.warn('unencrypted:', clear);
 * });
 * ```
 *
 * @param room - A connected room.
 * @returns Maps from identity to "encrypted"; completes on disconnect.
 */
export function encryptionStatus(room: RoomLike): Observable<ReadonlyMap<string, boolean>> {
  return watchRoom<ReadonlyMap<string, boolean>>('encryptionStatus', room, (subscriber, listen) => {
    let status = new Map<string, boolean>();
    if (room.localParticipant !== undefined) {
      status.set(room.localParticipant.identity, publishesEncrypted(room.localParticipant));
    }
    for (const remote of room.remoteParticipants.values()) {
      status.set(remote.identity, publishesEncrypted(remote));
    }
    subscriber.next(status);
    const set = (identity: string, encrypted: boolean): void => {
      if (status.get(identity) === encrypted) return;
      status = new Map(status).set(identity, encrypted);
      subscriber.next(status);
    };
    listen('participantConnected', (p) => set(p.identity, publishesEncrypted(p)));
    listen('participantEncryptionStatusChanged', (encrypted, p) => set(p.identity, encrypted));
    listen('participantDisconnected', (p) => {
      if (!status.has(p.identity)) return;
      status = new Map(status);
      status.delete(p.identity);
      subscriber.next(status);
    });
  });
}

function publishesEncrypted(participant: ParticipantLike): boolean {
  const publications = [...participant.trackPublications.values()];
  return (
    publications.length > 0 &&
    publications.every(
      (p) => p.encryptionType !== undefined && p.encryptionType !== EncryptionType.NONE,
    )
  );
}
