import { LocalTrackPublication } from '@livekit/rtc-node';
import { Observable, type OperatorFunction } from 'rxjs';
import { PublishError } from '../errors/PublishError';
import { muteHook, type MutableByHook } from '../internal/publishHooks';
import { setTrackMuted, type NativeTrack } from '../native/setTrackMuted';
import type { TrackPublicationLike } from '../room/RoomLike';

/**
 * Mutes and unmutes a local track from a stream of booleans (`true` = muted): the sink for a
 * push-to-talk key, a moderator's switch, an agent that holds its microphone while thinking. Each
 * value that differs from the track's state is applied (rtc-node 1.1.0 has no JS API for it:
 * livekit-rx sends the native `localTrackMute` request) and then emitted; the room emits
 * `TrackMuted`/`TrackUnmuted` for it, locally and at every subscriber. Repeated values do
 * nothing. Completes with its input; unsubscribing leaves the track as it is. Muting a track that
 * was unpublished or closed ends the stream with a {@link PublishError} (`'mute-failed'`).
 * This is the issue's `muteTrack`/`unmuteTrack`, as one operator over a boolean stream.
 *
 * ```text
 * mute$:                -t-t-f--t-|
 * muted(publication):   -t---f--t-|     (the second t changed nothing)
 * ```
 *
 * @example
 * ```ts
 * import { filter, map } from 'rxjs';
 * import { muted, publishAudio } from 'livekit-rx';
 * mic$.pipe(publishAudio(room, { name: 'mic' })).subscribe((event) => {
 *   if (event.type === 'published') {
 *     pushToTalk$.pipe(map((pressed) => !pressed), muted(event.publication)).subscribe();
 *   }
 * });
 * ```
 *
 * @param publication - A local publication: `publishAudio`/`publishVideo`'s `published` event
 *   has it, or `localParticipant.publishTrack` resolves it (on a `TestRoom` too).
 * @returns An operator from wanted mute states to the applied ones.
 * @throws TypeError at once if `publication` is not a local publication.
 */
export function muted(publication: TrackPublicationLike): OperatorFunction<boolean, boolean> {
  const apply = muteSwitch(publication);
  return (wanted) =>
    new Observable<boolean>((subscriber) => {
      let state = publication.muted ?? false;
      return wanted.subscribe({
        next(value) {
          if (value === state) return;
          try {
            apply(value);
          } catch (cause) {
            subscriber.error(
              new PublishError(
                {
                  sink: 'muted',
                  reason: 'mute-failed',
                  trackName: publication.name ?? '',
                  connectionState: undefined,
                },
                cause,
              ),
            );
            return;
          }
          state = value;
          subscriber.next(value);
        },
        error: (err) => subscriber.error(err),
        complete: () => subscriber.complete(),
      });
    });
}

function muteSwitch(publication: TrackPublicationLike): (muted: boolean) => void {
  const hooked = publication as TrackPublicationLike & MutableByHook;
  if (typeof hooked[muteHook] === 'function') {
    return (value) => hooked[muteHook]?.(value);
  }
  if (publication instanceof LocalTrackPublication) {
    return (value) => {
      const track = publication.track as NativeTrack | undefined;
      if (track === undefined) throw new Error('the publication has no track: was it unpublished?');
      setTrackMuted(track, value);
    };
  }
  throw new TypeError(
    `muted: expected a local track publication (publishAudio's 'published' event has one), got ${describe(publication)}`,
  );
}

function describe(value: unknown): string {
  if (value === null || typeof value !== 'object') return String(value);
  return `a ${value.constructor.name}`;
}
