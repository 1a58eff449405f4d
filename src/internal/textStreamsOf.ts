import { Observable } from 'rxjs';
import type { RemoteParticipantOf, RoomLike } from '../room/RoomLike';
import type { IncomingStreamsOptions } from '../sources/IncomingStreamsOptions';
import type { IncomingTextStream } from '../sources/textStreams';
import { baseStreamInfo, type IncomingStreamState } from './IncomingStreamState';
import { tapChunks, type TapOptions } from './streamTap';
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
  return watchStreams<string, IncomingTextStream<R>>(
    source,
    room,
    'text',
    options,
    1000,
    (stream, tap) => incomingText(room, stream, tap),
  );
}

function incomingText<R extends RoomLike>(
  room: R,
  stream: IncomingStreamState<string>,
  tap: TapOptions,
): IncomingTextStream<R> {
  return {
    info: baseStreamInfo(stream.info),
    sender: stream.sender,
    participant: room.remoteParticipants.get(stream.sender) as RemoteParticipantOf<R> | undefined,
    chunks$: tapChunks(stream, tap),
    text$: new Observable<string>((subscriber) =>
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
    ),
  };
}
