import type { ConnectionQuality } from '@livekit/rtc-node';
import type { Observable } from 'rxjs';
import { findParticipant } from '../internal/findParticipant';
import { rememberRoom } from '../internal/roomMemory';
import { watchRoom } from '../internal/watchRoom';
import type { RoomLike } from '../room/RoomLike';

/**
 * A participant's connection quality (the local participant's by default): the last known value
 * first, then each change; completes when that participant leaves or the room disconnects.
 *
 * rtc-node keeps no current quality, so livekit-rx remembers the last report per participant from
 * the moment the room came through {@link connect} or {@link fromRoom} (or the first
 * `activeSpeakers`/`connectionQuality` subscription). Until the server has reported one, there is
 * no current value and the stream waits for the first report.
 *
 * ```text
 * room:                          ---q(poor)----q(good)---x
 * connectionQuality(room, 'a'):  ---P----------G---------|
 * ```
 *
 * @example
 * ```ts
 * import { ConnectionQuality } from '@livekit/rtc-node';
 * import { connectionQuality } from 'livekit-rx';
 * connectionQuality(room).subscribe((q) => {
 *   if (q === ConnectionQuality.QUALITY_POOR) console.warn('network is struggling');
 * });
 * ```
 *
 * @param room - A connected room.
 * @param identity - Whose quality (default: the local participant's).
 * @returns The last known quality, then each change.
 */
export function connectionQuality(
  room: RoomLike,
  identity?: string,
): Observable<ConnectionQuality> {
  return watchRoom<ConnectionQuality>('connectionQuality', room, (subscriber, listen) => {
    const who = identity ?? room.localParticipant?.identity ?? '';
    const known = rememberRoom(room).quality.get(who);
    if (known !== undefined && findParticipant(room, who) !== undefined) subscriber.next(known);
    listen('connectionQualityChanged', (quality, participant) => {
      if (participant.identity === who) subscriber.next(quality);
    });
    listen('participantDisconnected', (participant) => {
      if (participant.identity === who) subscriber.complete();
    });
  });
}
