import type { Observable } from 'rxjs';
import { participantState } from '../internal/participantState';
import type { RoomLike } from '../room/RoomLike';

/**
 * One participant's metadata string: now if present (else when they join), then after each
 * change; completes when they leave or the room disconnects.
 *
 * ```text
 * room:                            ---m1-----m2--a'-
 * participantMetadata(room, 'a'):  ''-m1-----m2--|
 * ```
 *
 * @example
 * ```ts
 * import { map } from 'rxjs';
 * import { participantMetadata } from 'livekit-rx';
 * participantMetadata(room, 'alice').pipe(map((m) => JSON.parse(m || '{}'))).subscribe(render);
 * ```
 *
 * @param room - A connected room.
 * @param identity - The participant's identity.
 * @returns The metadata, then its changes; completes when the participant leaves.
 */
export function participantMetadata(room: RoomLike, identity: string): Observable<string> {
  return participantState(
    'participantMetadata',
    room,
    identity,
    ['participantMetadataChanged'],
    (p) => p.metadata,
  );
}
