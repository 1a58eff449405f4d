import type { Observable } from 'rxjs';
import { participantState } from '../internal/participantState';
import type { RoomLike } from '../room/RoomLike';

/**
 * One participant's attributes (all of them, as a fresh object): now if present (else when they
 * join), then after each change; completes when they leave or the room disconnects. Works for the
 * local participant's identity too.
 *
 * ```text
 * room:                              ---c-------c--a'-    (c = attributes changed, a' = leaves)
 * participantAttributes(room, 'a'):  {}-{role}--{..}-|
 * ```
 *
 * @example
 * ```ts
 * import { map, distinctUntilChanged } from 'rxjs';
 * import { participantAttributes } from 'livekit-rx';
 * const agentState$ = participantAttributes(room, 'agent').pipe(
 *   map((attributes) => attributes['lk.agent.state'] ?? 'initializing'),
 *   distinctUntilChanged(),
 * );
 * ```
 *
 * @param room - A connected room.
 * @param identity - The participant's identity.
 * @returns Attribute snapshots; completes when the participant leaves.
 */
export function participantAttributes(
  room: RoomLike,
  identity: string,
): Observable<Readonly<Record<string, string>>> {
  return participantState(
    'participantAttributes',
    room,
    identity,
    ['participantAttributesChanged'],
    (p) => ({ ...p.attributes }),
  );
}
