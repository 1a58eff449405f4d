import { EncryptionType } from '@livekit/rtc-node';
import type { Observable } from 'rxjs';
import { watchRoom } from '../internal/watchRoom';
import type { ParticipantLike, RoomLike } from '../room/RoomLike';

/**
 * Whether each participant's media is end-to-end encrypted, keyed by identity (local participant
 * included): the last `ParticipantEncryptionStatusChanged` report for that participant, or until
 * there is one, what its publications say (encrypted when it publishes and every publication's
 * `encryptionType` is not `NONE`). Re-evaluated on reports, publications, joins and leaves; an
 * unchanged map is not repeated. Completes when the room
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
    const reported = new Map<string, boolean>();
    let status: ReadonlyMap<string, boolean> | undefined;
    const update = (): void => {
      const next = new Map<string, boolean>();
      const add = (p: ParticipantLike): void => {
        next.set(p.identity, reported.get(p.identity) ?? publishesEncrypted(p));
      };
      if (room.localParticipant !== undefined) add(room.localParticipant);
      for (const remote of room.remoteParticipants.values()) add(remote);
      if (status !== undefined && sameStatus(status, next)) return;
      status = next;
      subscriber.next(next);
    };
    update();
    listen('participantEncryptionStatusChanged', (encrypted, p) => {
      reported.set(p.identity, encrypted);
      update();
    });
    listen('participantDisconnected', (p) => {
      reported.delete(p.identity);
      update();
    });
    for (const event of EVENTS) listen(event, update);
  });
}

const EVENTS = [
  'participantConnected',
  'trackPublished',
  'trackUnpublished',
  'localTrackPublished',
  'localTrackUnpublished',
] as const;

function sameStatus(a: ReadonlyMap<string, boolean>, b: ReadonlyMap<string, boolean>): boolean {
  if (a.size !== b.size) return false;
  for (const [identity, encrypted] of a) if (b.get(identity) !== encrypted) return false;
  return true;
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
