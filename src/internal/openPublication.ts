import { ConnectionState, TrackPublishOptions, type TrackSource } from '@livekit/rtc-node';
import { Observable, Subscription, type Subscriber } from 'rxjs';
import { PublishError } from '../errors/PublishError';
import type { RoomLike, TrackPublicationLike } from '../room/RoomLike';
import type { PublishedEvent, UnpublishedEvent } from '../sinks/PublicationEvent';
import { startPublication, type LocalPublication } from './localPublication';
import { publishHooksOf, type LocalMedia, type PublishHooks } from './publishHooks';
import { watchRoom } from './watchRoom';

/** The track a sink publishes: its name, how to create it, and its publish options. @internal */
export interface PublicationTrack<Source> {
  readonly name: string;
  /** Creates the source and its local track, once per subscription. */
  readonly create: (hooks: PublishHooks) => LocalMedia<Source>;
  /** The sink's `source` option, which wins over `publishOptions.source`. */
  readonly source: TrackSource | undefined;
  /** The sink's `publishOptions`. */
  readonly publishOptions: ConstructorParameters<typeof TrackPublishOptions>[0] | undefined;
  /** The publication's source when neither gives one. */
  readonly defaultSource: TrackSource;
}

/**
 * The part a sink adds once the track is being published: it subscribes its input into `flow`
 * (cancelled whenever the publication ends), emits its own events, and calls
 * `publication.finish()` when its input is done.
 * @internal
 */
export type PublicationFlow<P, E, Source> = (
  subscriber: Subscriber<PublishedEvent<P> | UnpublishedEvent | E>,
  source: Source,
  publication: LocalPublication,
  flow: Subscription,
) => void;

/**
 * What `publishAudio` and `publishVideo` share: per subscription, a {@link PublishError}
 * (`'not-connected'`) if the room is not connected; else the track is created and published for
 * the subscription's lifetime ({@link startPublication}: `published`, `unpublished`, complete on
 * `Disconnected`, unpublish and close on teardown), and `run` adds the media flow, unless the
 * publication already failed.
 * @internal
 */
export function openPublication<P extends TrackPublicationLike, E, Source>(
  sink: 'publishAudio' | 'publishVideo',
  room: RoomLike,
  track: PublicationTrack<Source>,
  run: PublicationFlow<P, E, Source>,
): Observable<PublishedEvent<P> | UnpublishedEvent | E> {
  type Event = PublishedEvent<P> | UnpublishedEvent | E;
  return new Observable<Event>((outer) => {
    const hooks = publishHooksOf(room);
    if (room.connectionState === ConnectionState.CONN_DISCONNECTED || hooks === undefined) {
      const info = { sink, reason: 'not-connected', trackName: track.name } as const;
      outer.error(new PublishError({ ...info, connectionState: room.connectionState }));
      return;
    }
    return watchRoom<Event>(
      sink,
      room,
      (subscriber, listen) => {
        const media = track.create(hooks);
        const publication = startPublication<P>(
          sink,
          room,
          hooks,
          media,
          track.name,
          new TrackPublishOptions({
            ...track.publishOptions,
            source: track.source ?? track.publishOptions?.source ?? track.defaultSource,
          }),
          subscriber,
          listen,
        );
        if (subscriber.closed) return;
        const flow = new Subscription();
        publication.setFlow(flow);
        run(subscriber, media.source, publication, flow);
      },
      ignoreDisconnect,
    ).subscribe(outer);
  });
}

function ignoreDisconnect(): void {
  // startPublication handles Disconnected: an unpublished event first, then complete.
}
