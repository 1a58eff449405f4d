import type { ParticipantLike, RoomLike } from '../room/RoomLike';

/** The local or remote participant with `identity`, if in the room. */
export function findParticipant(room: RoomLike, identity: string): ParticipantLike | undefined {
  const local = room.localParticipant;
  if (local !== undefined && local.identity === identity) return local;
  return room.remoteParticipants.get(identity);
}
