import type { ConnectionQuality } from '@livekit/rtc-node';
import type { ParticipantLike, RoomLike, RoomLikeCallbacks } from '../room/RoomLike';
import { allowListeners } from './watchRoom';

/**
 * What rtc-node forgets: the current active speakers and each participant's last connection
 * quality (it emits changes but keeps no state). Remembered per room from the first call until
 * the room disconnects, then forgotten (its listeners removed).
 */
export interface RoomMemory {
  speakers: readonly ParticipantLike[];
  readonly quality: Map<string, ConnectionQuality>;
}

const memories = new WeakMap<RoomLike, RoomMemory>();

/**
 * Starts remembering (once per room; later calls return the same memory). {@link connect} and
 * {@link fromRoom} call it as soon as they have the room, so their rooms' state streams start from
 * the true current value.
 */
export function rememberRoom(room: RoomLike): RoomMemory {
  const known = memories.get(room);
  if (known !== undefined) return known;
  const memory: RoomMemory = { speakers: [], quality: new Map() };
  memories.set(room, memory);
  const onSpeakers: RoomLikeCallbacks['activeSpeakersChanged'] = (speakers) => {
    memory.speakers = [...speakers];
  };
  const onQuality: RoomLikeCallbacks['connectionQualityChanged'] = (quality, participant) => {
    memory.quality.set(participant.identity, quality);
  };
  const onLeft: RoomLikeCallbacks['participantDisconnected'] = (participant) => {
    memory.quality.delete(participant.identity);
  };
  const onDisconnected = (): void => {
    room.off('activeSpeakersChanged', onSpeakers);
    room.off('connectionQualityChanged', onQuality);
    room.off('participantDisconnected', onLeft);
    room.off('disconnected', onDisconnected);
    allowListeners(room, -4);
    memories.delete(room);
  };
  room.on('activeSpeakersChanged', onSpeakers);
  room.on('connectionQualityChanged', onQuality);
  room.on('participantDisconnected', onLeft);
  room.on('disconnected', onDisconnected);
  allowListeners(room, +4);
  return memory;
}
