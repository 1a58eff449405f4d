import type { BaseStreamInfo } from '@livekit/rtc-node';
import { DataStreamError, type DataStreamProblem } from '../errors/DataStreamError';
import type { RoomLike, StreamReaderLike } from '../room/RoomLike';
import {
  streamReaderHook,
  type PushStreamReader,
  type StreamReaderObserver,
} from './dataStreamHooks';

/** Text or byte streams. @internal */
export type StreamKind = 'text' | 'byte';

/** Hears one incoming stream's chunks and its end, from the moment it attaches. @internal */
export interface StreamListener<Chunk> {
  chunk(chunk: Chunk): void;
  /** The stream ended: normally (`undefined`), or with the error. */
  end(error: DataStreamError | undefined): void;
}

/**
 * One incoming text or byte stream, read once (to its end: rtc-node's rule, so no native reader
 * is left open) for every subscriber that takes it, whoever is still listening. It counts what
 * arrived and, for text, keeps the text so far (`text$` and `transcriptions` need it). A reader
 * error becomes a {@link DataStreamError} that says why: the room disconnected, the sender left,
 * the sender aborted.
 * @internal
 */
export class IncomingStreamState<Chunk extends string | Uint8Array> {
  readonly info: StreamReaderLike<Chunk>['info'];
  /** Chunks received so far. */
  chunks = 0;
  /** Bytes received so far (UTF-8 bytes for text). */
  bytes = 0;
  /** The text so far (text streams only; `''` for byte streams). */
  text = '';
  /** How it ended, once it has. */
  ending: { readonly error: DataStreamError | undefined } | undefined;
  private readonly listeners = new Set<StreamListener<Chunk>>();

  constructor(
    private readonly room: RoomLike,
    readonly kind: StreamKind,
    private readonly reader: StreamReaderLike<Chunk>,
    /** The sender's identity. */
    readonly sender: string,
  ) {
    this.info = reader.info;
  }

  /** Adds a listener until the stream ends; returns its removal. */
  attach(listener: StreamListener<Chunk>): () => void {
    if (this.ending !== undefined) {
      listener.end(this.ending.error);
      return () => undefined;
    }
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Starts reading (once): after every first listener has attached. */
  start(): void {
    const observer: StreamReaderObserver<Chunk> = {
      next: (chunk) => this.receive(chunk),
      error: (error) => this.finish(this.failure(error)),
      complete: () => this.finish(undefined),
    };
    const push = (this.reader as Partial<PushStreamReader<Chunk>>)[streamReaderHook];
    if (typeof push === 'function') {
      push.call(this.reader, observer);
      return;
    }
    void readToEnd(this.reader, observer);
  }

  private receive(chunk: Chunk): void {
    if (this.ending !== undefined) return;
    this.chunks++;
    if (typeof chunk === 'string') {
      this.bytes += Buffer.byteLength(chunk, 'utf8');
      this.text += chunk;
    } else {
      this.bytes += chunk.byteLength;
    }
    for (const listener of this.listeners) listener.chunk(chunk);
  }

  private finish(error: DataStreamError | undefined): void {
    if (this.ending !== undefined) return;
    this.ending = { error };
    const listeners = [...this.listeners];
    this.listeners.clear();
    for (const listener of listeners) listener.end(error);
  }

  private failure(error: unknown): DataStreamError {
    const message = error instanceof Error ? error.message : String(error);
    let problem: DataStreamProblem = 'read-failed';
    const abnormal = /^stream closed abnormally: ?(.*)$/s.exec(message);
    const detail = abnormal === null ? message : (abnormal[1] ?? '');
    if (!this.room.isConnected) problem = 'room-disconnected';
    else if (/unexpectedly disconnected/.test(message)) problem = 'sender-left';
    else if (abnormal !== null) problem = 'aborted';
    return new DataStreamError(
      {
        source: this.kind === 'text' ? 'textStreams' : 'byteStreams',
        streamKind: this.kind,
        direction: 'incoming',
        problem,
        topic: this.info.topic,
        streamId: this.info.streamId,
        sender: this.sender,
        chunks: this.chunks,
        bytes: this.bytes,
        detail,
      },
      error,
    );
  }
}

/** rtc-node's readers: `for await` to the end (which releases the native reader). */
async function readToEnd<Chunk>(
  reader: StreamReaderLike<Chunk>,
  observer: StreamReaderObserver<Chunk>,
): Promise<void> {
  try {
    for await (const chunk of reader) observer.next(chunk);
  } catch (error) {
    observer.error(error);
    return;
  }
  observer.complete();
}

/**
 * A reader's header as rtc-node's `BaseStreamInfo`, copied, with `attributes` always present and
 * `totalSize` only when known.
 * @internal
 */
export function baseStreamInfo(info: StreamReaderLike<unknown>['info']): BaseStreamInfo {
  return {
    streamId: info.streamId,
    mimeType: info.mimeType,
    topic: info.topic,
    timestamp: info.timestamp,
    ...(info.totalSize === undefined ? {} : { totalSize: info.totalSize }),
    attributes: { ...(info.attributes ?? {}) },
  };
}
