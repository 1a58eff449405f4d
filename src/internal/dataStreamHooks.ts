import type { ByteStreamInfo, TextStreamInfo, Transcription } from '@livekit/rtc-node';
import type { RoomLike } from '../room/RoomLike';

/**
 * The key under which a local participant offers its own {@link DataStreamHooks}:
 * `livekit-rx/testing`'s `TestLocalParticipant` does, so `streamText`, `streamBytes`, `sendText`
 * and `publishTranscription` run on a `TestRoom` in virtual time; rtc-node's does not, and
 * {@link dataStreamHooksOf} falls back to its promise-based methods. A registered symbol, so
 * separate copies of livekit-rx and livekit-rx/testing agree on it (as `publishHooks`).
 * @internal
 */
export const dataStreamHooks: unique symbol = Symbol.for('livekit-rx.dataStreamHooks');

/**
 * The key under which an incoming stream's reader offers a synchronous push subscription
 * (`livekit-rx/testing`'s `TestStreamReader` does, so scripted chunks arrive in virtual time);
 * rtc-node's readers are read by async iteration instead.
 * @internal
 */
export const streamReaderHook: unique symbol = Symbol.for('livekit-rx.streamReaderHook');

/** What a reader's {@link streamReaderHook} pushes to. @internal */
export interface StreamReaderObserver<Chunk> {
  next(chunk: Chunk): void;
  error(error: unknown): void;
  complete(): void;
}

/** A reader that can be subscribed to synchronously. @internal */
export interface PushStreamReader<Chunk> {
  [streamReaderHook](observer: StreamReaderObserver<Chunk>): void;
}

/** What every outgoing stream is opened with. @internal */
export interface OutgoingStreamOptions {
  readonly topic: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly destinationIdentities: readonly string[];
  readonly streamId: string | undefined;
}

/** An outgoing byte stream's header. @internal */
export interface OutgoingByteStreamOptions extends OutgoingStreamOptions {
  readonly name: string;
  readonly mimeType: string;
  readonly totalSize: number | undefined;
}

/** A callback called once: an error, or the value. @internal */
export type Done<T> = (error: unknown, value?: T) => void;

/** An open outgoing stream. Each callback is called once, synchronously on a TestRoom. @internal */
export interface StreamWriterHandle<Chunk, Info> {
  readonly info: Info;
  write(chunk: Chunk, done: Done<void>): void;
  close(done: Done<void>): void;
  /** Ends the stream abnormally: receivers see an error naming `reason`. Never throws. */
  abort(reason: string): void;
}

/** What the data-stream sinks need of a local participant. @internal */
export interface DataStreamHooks {
  openText(
    options: OutgoingStreamOptions,
    done: Done<StreamWriterHandle<string, TextStreamInfo>>,
  ): void;
  openBytes(
    options: OutgoingByteStreamOptions,
    done: Done<StreamWriterHandle<Uint8Array, ByteStreamInfo>>,
  ): void;
  sendText(text: string, options: OutgoingStreamOptions, done: Done<TextStreamInfo>): void;
  publishTranscription(transcription: Transcription, done: Done<void>): void;
}

interface RtcWriter<Chunk, Info> {
  readonly info: Info;
  write(chunk: Chunk): Promise<void>;
  close(): Promise<void>;
}

interface RtcLocalParticipant {
  streamText(options: {
    topic?: string;
    attributes?: Record<string, string>;
    destinationIdentities?: string[];
    streamId?: string;
  }): Promise<RtcWriter<string, TextStreamInfo>>;
  streamBytes(options: {
    name?: string;
    topic?: string;
    attributes?: Record<string, string>;
    destinationIdentities?: string[];
    streamId?: string;
    mimeType?: string;
    totalSize?: number;
  }): Promise<RtcWriter<Uint8Array, ByteStreamInfo>>;
  sendText(
    text: string,
    options: {
      topic?: string;
      attributes?: Record<string, string>;
      destinationIdentities?: string[];
      streamId?: string;
    },
  ): Promise<TextStreamInfo>;
  publishTranscription(transcription: Transcription): Promise<void>;
}

/**
 * The data-stream hooks of a room's local participant: its own (a `TestRoom`'s), else rtc-node's
 * `streamText`/`streamBytes`/`sendText`/`publishTranscription`. Undefined when the room has no
 * local participant (never connected).
 * @internal
 */
export function dataStreamHooksOf(room: RoomLike): DataStreamHooks | undefined {
  const local = room.localParticipant as
    | (Partial<Record<typeof dataStreamHooks, DataStreamHooks>> & Partial<RtcLocalParticipant>)
    | undefined;
  if (local === undefined) return undefined;
  return local[dataStreamHooks] ?? rtcHooks(local as RtcLocalParticipant);
}

const ignore = (): void => undefined;

function settle<T>(promise: Promise<T>, done: Done<T>): void {
  promise.then(
    (value) => done(undefined, value),
    (err: unknown) => done(err ?? new Error('rejected')),
  );
}

function common(options: OutgoingStreamOptions) {
  return {
    topic: options.topic,
    attributes: { ...options.attributes },
    destinationIdentities: [...options.destinationIdentities],
    ...(options.streamId === undefined ? {} : { streamId: options.streamId }),
  };
}

/**
 * rtc-node's writers have no abort: their `close()` ends the stream normally. The `WritableStream`
 * underneath does, and its sink's `abort(reason)` closes the native writer with `reason`, which
 * receivers see as an error ("stream closed abnormally: reason"). It is reached through the
 * writer's `defaultWriter` field (protected in TypeScript, there at run time in rtc-node 1.1.0);
 * without it, the stream is closed normally.
 */
function wrap<Chunk, Info>(writer: RtcWriter<Chunk, Info>): StreamWriterHandle<Chunk, Info> {
  return {
    info: writer.info,
    write: (chunk, done) => settle(writer.write(chunk), done),
    close: (done) => settle(writer.close(), done),
    abort: (reason) => {
      const inner = (writer as { defaultWriter?: Partial<WritableStreamDefaultWriter> })
        .defaultWriter;
      try {
        if (typeof inner?.abort === 'function') {
          // A string, not an Error: rtc-node logs the abort reason at error level, and an Error
          // would print a stack for what is often a plain cancellation.
          inner.abort(reason).catch(ignore);
        } else {
          writer.close().catch(ignore);
        }
      } catch {
        // already closed or errored: nothing left to end
      }
    },
  };
}

function rtcHooks(local: RtcLocalParticipant): DataStreamHooks {
  return {
    openText: (options, done) =>
      settle(
        local.streamText(common(options)).then((writer) => wrap(writer)),
        done,
      ),
    openBytes: (options, done) =>
      settle(
        local
          .streamBytes({
            ...common(options),
            name: options.name,
            mimeType: options.mimeType,
            ...(options.totalSize === undefined ? {} : { totalSize: options.totalSize }),
          })
          .then((writer) => wrap(writer)),
        done,
      ),
    sendText: (text, options, done) => settle(local.sendText(text, common(options)), done),
    publishTranscription: (transcription, done) =>
      settle(local.publishTranscription(transcription), done),
  };
}
