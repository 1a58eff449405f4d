import { Observable } from 'rxjs';
import type { RoomLike } from '../room/RoomLike';
import type { IncomingStreamsOptions } from '../sources/IncomingStreamsOptions';
import type { IncomingTextStream } from '../sources/textStreams';
import { baseStreamInfo, type IncomingStreamState } from './IncomingStreamState';
import { watchStreams } from './watchStreams';

/**
 * `textStreams` under another source's name (`transcriptions`, `chatMessages`), so errors name
 * the stream the user subscribed to.
 * @internal
 */
export function textStreamsOf<R extends RoomLike>(
  source: string,
  room: R,
  options: IncomingStreamsOptions,
): Observable<IncomingTextStream<R>> {
  return watchStreams<R, string, IncomingTextStream<R>>(
    source,
    room,
    'text',
    options,
    1000,
    (stream, view) => ({ ...view, info: baseStreamInfo(stream.info), text$: textOf(stream) }),
  );
}

/** The whole text, once, when the stream ends (or its error). */
function textOf(stream: IncomingStreamState<string>): Observable<string> {
  return new Observable<string>((subscriber) =>
    stream.attach({
      chunk: () => undefined,
      end: (error) => {
        if (error !== undefined) {
          subscriber.error(error);
          return;
        }
        subscriber.next(stream.text);
        subscriber.complete();
      },
    }),
  );
}
