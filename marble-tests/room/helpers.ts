import type { TestRoom } from 'livekit-rx/testing';

/** Every listener attached to the room, across all events. */
export function listenerTotal(room: TestRoom): number {
  return room.eventNames().reduce((sum, name) => sum + room.listenerCount(name), 0);
}
