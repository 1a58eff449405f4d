import { TrackKind, type VideoFrameEvent } from '@livekit/rtc-node';
import type { Observable } from 'rxjs';
import { subscribedMedia, type SubscribedMedia } from '../internal/subscribedMedia';
import type { RoomLike } from '../room/RoomLike';
import type { TrackFilter } from '../room/TrackFilter';
import { videoFrames, type VideoFramesOptions } from './videoFrames';

/**
 * Every remote video track this client subscribes to, as a higher-order stream: one
 * `{ participant, publication, track, frames$ }` per track (those already subscribed first), where
 * `frames$` is {@link videoFrames} of that track and completes when it is unsubscribed or
 * unpublished. Completes when the room disconnects.
 *
 * ```text
 * room:                  ---s(bob camera)---------s(carol screen)----u(bob)---x
 * subscribedVideo(room): ---B---------------------C--------------------------|
 * B.frames$:                -f-f-f-f-f-f-f-f-f-f-f-f-f-f-f-f-f-f-f-f-|
 * ```
 *
 * @example
 * ```ts
 * import { VideoBufferType } from '@livekit/rtc-node';
 * import { subscribedVideo } from 'livekit-rx';
 * import { mergeMap } from 'rxjs';
 * subscribedVideo(room, {}, { format: VideoBufferType.RGBA })
 *   .pipe(mergeMap(({ participant, frames$ }) => frames$))
 *   .subscribe(({ frame }) => thumbnails.update(frame));
 * ```
 *
 * @param room - A connected room.
 * @param filter - Which tracks: source (camera, screen share), participant identity.
 * @param options - Passed to `videoFrames` for every track.
 * @returns A stream of subscribed video tracks with their frames; completes on disconnect.
 */
export function subscribedVideo<R extends RoomLike>(
  room: R,
  filter: Omit<TrackFilter, 'kind'> = {},
  options: VideoFramesOptions = {},
): Observable<SubscribedMedia<R, VideoFrameEvent>> {
  return subscribedMedia('subscribedVideo', room, TrackKind.KIND_VIDEO, filter, (track) =>
    videoFrames(track, options),
  );
}
