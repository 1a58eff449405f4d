import type { Observable } from 'rxjs';
import { participantState } from '../internal/participantState';
import type { ParticipantOf, RoomLike } from '../room/RoomLike';

/**
 * One participant (local or remote) by identity: emitted now if present (else when they join),
 * again whenever something about them changes (metadata, name, attributes, encryption, connection
 * quality, a track published, unpublished, subscribed, unsubscribed, muted or unmuted), and
 * completes when they leave or the room disconnects.
 *
 * rtc-node updates participant objects in place, so each emission is the same object, current at
 * the time it is emitted. Hot, one listener per event per subscription.
 *
 * ```text
 * room:                     --a----m----t----a'-    (a joins, metadata, track, a leaves)
 * participant(room, 'a'):   --a----a----a----|
 * ```
 *
 * @example
 * ```ts
 * import { participant } from 'livekit-rx';
 * participant(room, 'alice').subscribe({
 *   next: (alice) => console.log(alice.identity, alice.trackPublications.size, 'tracks'),
 *   complete: () => console.log('alice left'),
 * });
 * ```
 *
 * @param room - A connected room.
 * @param identity - The participant's identity.
 * @returns The participant on join and on each change; completes when they leave.
 */
export function participant<R extends RoomLike>(
  room: R,
  identity: string,
): Observable<ParticipantOf<R>> {
  return participantState(
    'participant',
    room,
    identity,
    [
      'participantMetadataChanged',
      'participantNameChanged',
      'participantAttributesChanged',
      'participantEncryptionStatusChanged',
      'connectionQualityChanged',
      'trackPublished',
      'trackUnpublished',
      'trackSubscribed',
      'trackUnsubscribed',
      'trackMuted',
      'trackUnmuted',
      'localTrackPublished',
      'localTrackUnpublished',
    ],
    (p) => p as ParticipantOf<R>,
  );
}
