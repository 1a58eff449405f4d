import type { Observable } from 'rxjs';
import { watchRoom } from '../internal/watchRoom';
import type { RoomLike } from '../room/RoomLike';

/**
 * The room's metadata string (`''` when unset): the current value, then each change; completes
 * when the room disconnects. Hot, one listener per subscription.
 *
 * ```text
 * room:               ---m1----m2---x
 * roomMetadata(room): ''-m1----m2---|
 * ```
 *
 * @example
 * ```ts
 * import { roomMetadata } from 'livekit-rx';
 * roomMetadata(room).subscribe((metadata) => console.log('room metadata', metadata));
 * ```
 *
 * @param room - A connected room.
 * @returns The metadata, then its changes; completes on disconnect.
 */
export function roomMetadata(room: RoomLike): Observable<string> {
  return watchRoom<string>('roomMetadata', room, (subscriber, listen) => {
    subscriber.next(room.metadata ?? '');
    listen('roomMetadataChanged', (metadata) => subscriber.next(metadata));
  });
}
