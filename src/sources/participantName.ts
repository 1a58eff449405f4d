import type { Observable } from 'rxjs';
import { participantState } from '../internal/participantState';
import type { RoomLike } from '../room/RoomLike';

/**
 * One participant's display name (`''` when unset): now if present (else when they join), then
 * after each change; completes when they leave or the room disconnects.
 *
 * ```text
 * room:                        ---n-------a'-
 * participantName(room, 'a'):  A--B-------|
 * ```
 *
 * @example
 * ```ts
 * import { participantName } from 'livekit-rx';
 * participantName(room, 'alice').subscribe((name) => label.setText(name || 'alice'));
 * ```
 *
 * @param room - A connected room.
 * @param identity - The participant's identity.
 * @returns The name, then its changes; completes when the participant leaves.
 */
export function participantName(room: RoomLike, identity: string): Observable<string> {
  return participantState(
    'participantName',
    room,
    identity,
    ['participantNameChanged'],
    (p) => p.name ?? '',
  );
}
