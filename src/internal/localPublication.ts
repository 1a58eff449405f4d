import { AsyncSubject, type Observable, type Subscriber, type Subscription } from 'rxjs';
import type { TrackPublishOptions } from '@livekit/rtc-node';
import { PublishError } from '../errors/PublishError';
import type { RoomLike, TrackPublicationLike } from '../room/RoomLike';
import type { PublishedEvent, UnpublishedEvent } from '../sinks/PublicationEvent';
import type { LocalMedia, PublishHooks } from './publishHooks';
import type { Listen } from './watchRoom';

/** One local track's publication, from `publishTrack` to `unpublishTrack` and close. @internal */
export interface LocalPublication {
  /** Emits (and completes) once the track is published; completes at once if it already is. */
  readonly published$: Observable<void>;
  /** Whether the track is published (and not yet being unpublished). */
  readonly isPublished: boolean;
  /** The media flow (input, captures), cancelled when the publication ends for any reason. */
  setFlow(flow: Subscription): void;
  /** The input is done: unpublish, emit `unpublished` ('completed'), close, complete. */
  finish(): void;
}

type State = 'publishing' | 'published' | 'unpublishing' | 'gone';
const ignore = (): void => undefined;

/**
 * Publishes `media.track` for the lifetime of `subscriber` and ends the publication honestly:
 * emits `published` once rtc-node has published it; fails with a {@link PublishError} if
 * `publishTrack` rejects; on `finish()` unpublishes, emits `unpublished` (`'completed'`) and
 * completes; completes with `unpublished` (`'room-disconnected'`) when the room disconnects, or
 * (`'unpublished'`) when someone else unpublishes the track; on teardown unpublishes at once. The
 * track and source are closed exactly once, in every case; a teardown while `publishTrack` is
 * still pending unpublishes and closes when it settles.
 * @internal
 */
export function startPublication<P extends TrackPublicationLike>(
  sink: string,
  room: RoomLike,
  hooks: PublishHooks,
  media: LocalMedia<unknown>,
  trackName: string,
  publishOptions: TrackPublishOptions,
  subscriber: Subscriber<PublishedEvent<P> | UnpublishedEvent>,
  listen: Listen,
): LocalPublication {
  let state: State = 'publishing';
  let publication: P | undefined;
  let flow: Subscription | undefined;
  let abandoned = false;
  let released = false;
  const published$ = new AsyncSubject<void>();

  const release = (): void => {
    if (released) return;
    released = true;
    media.close();
  };
  const sidOf = (p: P): string => p.sid ?? '';
  const end = (reason: UnpublishedEvent['reason']): void => {
    const ended = publication;
    state = 'gone';
    flow?.unsubscribe();
    release();
    if (ended !== undefined) subscriber.next({ type: 'unpublished', sid: sidOf(ended), reason });
    subscriber.complete();
  };

  subscriber.add(() => {
    flow?.unsubscribe();
    if (state === 'publishing') {
      abandoned = true; // unpublished and closed when publishTrack settles
      return;
    }
    const wasPublished = state === 'published';
    state = 'gone';
    if (wasPublished && room.isConnected && publication !== undefined) {
      hooks.unpublish(publication, ignore);
    }
    release();
  });

  listen('disconnected', () => {
    if (state !== 'gone') end('room-disconnected');
  });
  // rtc-node's event carries no publication after an unpublishTrack() call (it has already
  // forgotten it): what tells is that the local participant no longer lists ours.
  listen('localTrackUnpublished', () => {
    const listed = publication && room.localParticipant?.trackPublications.get(sidOf(publication));
    if (state === 'published' && listed !== publication) end('unpublished');
  });

  hooks.publish(media.track, publishOptions, (error, result) => {
    if (abandoned) {
      if (error === undefined && result !== undefined && room.isConnected) {
        hooks.unpublish(result, ignore);
      }
      release();
      return;
    }
    if (state !== 'publishing') return; // the room disconnected meanwhile
    if (error !== undefined || result === undefined) {
      state = 'gone';
      subscriber.error(
        new PublishError(
          { sink, reason: 'publish-rejected', trackName, connectionState: room.connectionState },
          error,
        ),
      );
      return;
    }
    publication = result as P;
    state = 'published';
    subscriber.next({ type: 'published', sid: sidOf(publication), publication });
    published$.next();
    published$.complete();
  });

  return {
    published$,
    get isPublished() {
      return state === 'published';
    },
    setFlow(subscription) {
      flow = subscription;
    },
    finish() {
      if (state !== 'published' || publication === undefined) return;
      state = 'unpublishing';
      hooks.unpublish(publication, (error) => {
        if (subscriber.closed) return;
        if (error !== undefined) {
          state = 'gone';
          release();
          subscriber.error(
            new PublishError(
              {
                sink,
                reason: 'unpublish-failed',
                trackName,
                connectionState: room.connectionState,
              },
              error,
            ),
          );
          return;
        }
        end('completed');
      });
    },
  };
}
