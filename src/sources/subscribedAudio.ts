import { TrackKind, type AudioFrame } from '@livekit/rtc-node';
import type { Observable } from 'rxjs';
import { subscribedMedia, type SubscribedMedia } from '../internal/subscribedMedia';
import type { RoomLike } from '../room/RoomLike';
import type { TrackFilter } from '../room/TrackFilter';
import { audioFrames, type AudioFramesOptions } from './audioFrames';

/**
 * Every remote audio track this client subscribes to, as a higher-order stream: one
 * `{ participant, publication, track, frames$ }` per track (those already subscribed first), where
 * `frames$` is {@link audioFrames} of that track and completes when it is unsubscribed or
 * unpublished. "Transcribe every speaker" is one `mergeMap`. Completes when the room disconnects.
 *
 * Hot: it reports subscriptions as they happen; each `frames$` is cold and opens its native
 * stream when subscribed.
 *
 * ```text
 * room:                  ---s(alice mic)------s(bob mic)-------u(alice)----x
 * subscribedAudio(room): ---A-----------------B--------------------------|
 * A.frames$:                -a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-|
 * ```
 *
 * @example
 * ```ts
 * import { TrackSource } from '@livekit/rtc-node';
 * import { subscribedAudio } from 'livekit-rx';
 * import { mergeMap, map } from 'rxjs';
 * subscribedAudio(room, { source: TrackSource.SOURCE_MICROPHONE }, { sampleRate: 16000 })
 *   .pipe(mergeMap(({ participant, frames$ }) =>
 *     frames$.pipe(map((frame) => ({ who: participant.identity, frame })))))
 *   .subscribe(({ who, frame }) => stt(who).push(frame.data));
 * ```
 *
 * @param room - A connected room.
 * @param filter - Which tracks: source, participant identity.
 * @param options - Passed to `audioFrames` for every track.
 * @returns A stream of subscribed audio tracks with their frames; completes on disconnect.
 */
export function subscribedAudio<R extends RoomLike>(
  room: R,
  filter: Omit<TrackFilter, 'kind'> = {},
  options: AudioFramesOptions = {},
): Observable<SubscribedMedia<R, AudioFrame>> {
  return subscribedMedia('subscribedAudio', room, TrackKind.KIND_AUDIO, filter, (track) =>
    audioFrames(track, options),
  );
}
