import type { Observable } from 'rxjs';
import type { ParticipantLike, RoomEventName, RoomLike } from '../room/RoomLike';
import { findParticipant } from './findParticipant';
import { watchRoom } from './watchRoom';

/** Room events whose last argument is the participant they concern. */
export type ParticipantEventName = Extract<
  RoomEventName,
  | 'participantMetadataChanged'
  | 'participantNameChanged'
  | 'participantAttributesChanged'
  | 'participantEncryptionStatusChanged'
  | 'connectionQualityChanged'
  | 'trackPublished'
  | 'trackUnpublished'
  | 'trackSubscribed'
  | 'trackUnsubscribed'
  | 'trackMuted'
  | 'trackUnmuted'
  | 'localTrackPublished'
  | 'localTrackUnpublished'
>;

/**
 * A state of one participant (local or remote, by identity): `read(participant)` now if present,
 * else once they join; again after each of `events` that concerns them; completes when they
 * leave or the room disconnects.
 */
export function participantState<T>(
  source: string,
  room: RoomLike,
  identity: string,
  events: readonly ParticipantEventName[],
  read: (participant: ParticipantLike) => T,
): Observable<T> {
  if (typeof identity !== 'string') {
    throw new TypeError(
      `${source}: expected a participant identity string, got ${String(identity)}`,
    );
  }
  return watchRoom<T>(source, room, (subscriber, listen) => {
    const present = findParticipant(room, identity);
    if (present !== undefined) subscriber.next(read(present));
    listen('participantConnected', (participant) => {
      if (participant.identity === identity) subscriber.next(read(participant));
    });
    listen('participantDisconnected', (participant) => {
      if (participant.identity === identity) subscriber.complete();
    });
    for (const event of events) {
      listen(event, ((...args: unknown[]) => {
        const participant = args[args.length - 1] as ParticipantLike | undefined;
        if (participant?.identity === identity) subscriber.next(read(participant));
      }) as never);
    }
  });
}
