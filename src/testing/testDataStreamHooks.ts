import type { ByteStreamInfo, TextStreamInfo } from '@livekit/rtc-node';
import { asyncScheduler, type SchedulerLike } from 'rxjs';
import type {
  DataStreamHooks,
  Done,
  OutgoingByteStreamOptions,
  OutgoingStreamOptions,
  StreamWriterHandle,
} from '../internal/dataStreamHooks';
import type { TestRoomSent } from './TestRoomSent';

/** How a `TestRoom`'s outgoing streams take (virtual) time. */
export interface TestOutgoingStreamOptions {
  /** Virtual ms to open a stream (default 0: at once). */
  readonly openTime?: number;
  /** Virtual ms per chunk written (default 0). */
  readonly writeTime?: number;
  /** Virtual ms to close a stream (default 0). */
  readonly closeTime?: number;
  /** Where the times run (default `asyncScheduler`, virtual inside `TestScheduler.run`). */
  readonly scheduler?: SchedulerLike;
}

/** What the writers need of their local participant. @internal */
export interface TestStreamHost {
  send(item: TestRoomSent): void;
  assertConnected(action: string): void;
  /** When it returns something, opening a stream fails with it. */
  rejectStreams(): unknown;
  /** When it returns something, every write fails with it. */
  rejectStreamWrites(): unknown;
}

/** rtc-node's writer shape: what `streamText`/`streamBytes` resolve to. */
export interface TestStreamWriter<Chunk, Info> {
  /** The stream's header, as rtc-node's writer has it. */
  readonly info: Info;
  /** Writes one chunk (recorded in `room.sent` as `stream-chunk` once written). */
  write(chunk: Chunk): Promise<void>;
  /** Ends the stream (recorded as `stream-close`). */
  close(): Promise<void>;
}

type Kind = 'text' | 'byte';

/**
 * A `TestLocalParticipant`'s outgoing text and byte streams: the synchronous hooks livekit-rx's
 * sinks use (so they run in virtual time) and rtc-node-like promise methods for other code, both
 * recording `stream-open`, `stream-chunk` and `stream-close` in `room.sent` when each operation
 * completes. Like rtc-node's writers, a chunk in flight is sent before an abort closes the
 * stream, a closed writer rejects writes, and a disconnect disposes every open writer.
 * @internal
 */
export class TestStreamWriters {
  private readonly open = new Set<{ closed: boolean; disposed: boolean }>();
  private count = 0;
  private readonly times: Required<Omit<TestOutgoingStreamOptions, 'scheduler'>>;
  private readonly scheduler: SchedulerLike;

  constructor(
    private readonly host: TestStreamHost,
    options: TestOutgoingStreamOptions = {},
  ) {
    this.times = {
      openTime: options.openTime ?? 0,
      writeTime: options.writeTime ?? 0,
      closeTime: options.closeTime ?? 0,
    };
    this.scheduler = options.scheduler ?? asyncScheduler;
  }

  /** The hooks the sinks use. */
  readonly hooks: DataStreamHooks = {
    openText: (options, done) => this.openStream('text', options, undefined, done),
    openBytes: (options, done) => this.openStream('byte', options, options, done),
    sendText: (text, options, done) => this.sendText(text, options, done),
    publishTranscription: (transcription, done) =>
      this.after(0, () => {
        if (!this.connected('publishTranscription', done)) return;
        this.host.send({
          type: 'transcription',
          participantIdentity: transcription.participantIdentity,
          trackSid: transcription.trackSid,
          segments: transcription.segments.map((segment) => ({ ...segment })),
        });
        done(undefined);
      }),
  };

  /** Writers still open. */
  get openWriters(): number {
    return this.open.size;
  }

  /** The room disconnected: every open writer is disposed (rtc-node's `disposeOpenStreamWriters`). */
  disconnected(): void {
    for (const writer of this.open) {
      writer.closed = true;
      writer.disposed = true;
    }
    this.open.clear();
  }

  /** rtc-node's `sendText`, as a promise. */
  sendTextPromise(text: string, options: OutgoingStreamOptions): Promise<TextStreamInfo> {
    return promised<TextStreamInfo>((done) => this.sendText(text, options, done));
  }

  /** rtc-node's `streamText`/`streamBytes`, as promises of a writer. */
  writerPromise<Chunk extends string | Uint8Array, Info>(
    kind: Kind,
    options: OutgoingStreamOptions,
    bytes: OutgoingByteStreamOptions | undefined,
  ): Promise<TestStreamWriter<Chunk, Info>> {
    return promised<StreamWriterHandle<Chunk, Info>>((done) =>
      this.openStream(kind, options, bytes, done as never),
    ).then((handle) => ({
      info: handle.info,
      write: (chunk) => promised<void>((done) => handle.write(chunk, done)),
      close: () => promised<void>((done) => handle.close(done)),
    }));
  }

  private sendText(text: string, options: OutgoingStreamOptions, done: Done<TextStreamInfo>): void {
    this.after(this.times.openTime + this.times.writeTime + this.times.closeTime, () => {
      if (!this.connected('sendText', done)) return;
      const info = this.info('text', options, undefined, Buffer.byteLength(text, 'utf8'));
      this.host.send({
        type: 'text',
        streamId: info.streamId,
        text,
        topic: options.topic,
        destinationIdentities: [...options.destinationIdentities],
        attributes: { ...options.attributes },
      });
      done(undefined, info);
    });
  }

  private openStream<Chunk extends string | Uint8Array, Info>(
    kind: Kind,
    options: OutgoingStreamOptions,
    bytes: OutgoingByteStreamOptions | undefined,
    done: Done<StreamWriterHandle<Chunk, Info>>,
  ): void {
    this.after(this.times.openTime, () => {
      if (!this.connected(kind === 'text' ? 'streamText' : 'streamBytes', done)) return;
      const rejected = this.host.rejectStreams();
      if (rejected !== undefined) {
        done(rejected);
        return;
      }
      const info = this.info(kind, options, bytes, bytes?.totalSize);
      const { streamId } = info;
      this.host.send({
        type: 'stream-open',
        streamKind: kind,
        streamId,
        topic: options.topic,
        attributes: { ...options.attributes },
        destinationIdentities: [...options.destinationIdentities],
        name: bytes?.name,
        mimeType: info.mimeType,
        totalSize: bytes?.totalSize,
      });
      const state = { closed: false, disposed: false };
      this.open.add(state);
      let inFlight = 0;
      let abortWhenIdle: string | undefined;
      const end = (reason: string | undefined): void => {
        state.closed = true;
        this.open.delete(state);
        this.host.send({ type: 'stream-close', streamKind: kind, streamId, reason });
      };
      const usable = (done: Done<void>): boolean => {
        if (!state.closed && abortWhenIdle === undefined) return true;
        done(
          state.disposed
            ? new Error('failed to handle request: invalid request: handle not found')
            : new TypeError('Invalid state: WritableStream is closed'),
        );
        return false;
      };
      done(undefined, {
        info: info as Info,
        write: (chunk, writeDone) => {
          if (!usable(writeDone)) return;
          inFlight++;
          this.after(this.times.writeTime, () => {
            inFlight--;
            if (state.disposed) {
              writeDone(new Error('failed to handle request: invalid request: handle not found'));
              return;
            }
            const failed = this.host.rejectStreamWrites();
            if (failed !== undefined) {
              writeDone(failed);
            } else {
              const copy = typeof chunk === 'string' ? chunk : chunk.slice();
              this.host.send({ type: 'stream-chunk', streamKind: kind, streamId, chunk: copy });
              writeDone(undefined);
            }
            if (inFlight === 0 && abortWhenIdle !== undefined) end(abortWhenIdle);
          });
        },
        close: (closeDone) => {
          if (!usable(closeDone)) return;
          state.closed = true;
          this.after(this.times.closeTime, () => {
            if (state.disposed) {
              closeDone(new Error('failed to handle request: invalid request: handle not found'));
              return;
            }
            end(undefined);
            closeDone(undefined);
          });
        },
        abort: (reason) => {
          if (state.closed || abortWhenIdle !== undefined) return;
          if (inFlight === 0) end(reason);
          else abortWhenIdle = reason;
        },
      });
    });
  }

  private info(
    kind: Kind,
    options: OutgoingStreamOptions,
    bytes: OutgoingByteStreamOptions | undefined,
    totalSize: number | undefined,
  ): TextStreamInfo & Partial<ByteStreamInfo> {
    this.count += 1;
    return {
      streamId: options.streamId ?? `OUT_${this.count}`,
      mimeType: bytes?.mimeType ?? 'text/plain',
      topic: options.topic,
      timestamp: 0,
      ...(totalSize === undefined ? {} : { totalSize }),
      attributes: { ...options.attributes },
      ...(kind === 'byte' ? { name: bytes?.name ?? 'unknown' } : {}),
    };
  }

  private connected(action: string, done: Done<never>): boolean {
    try {
      this.host.assertConnected(action);
      return true;
    } catch (err) {
      done(err);
      return false;
    }
  }

  private after(ms: number, work: () => void): void {
    if (ms <= 0) work();
    else this.scheduler.schedule(work, ms);
  }
}

function promised<T>(start: (done: Done<T>) => void): Promise<T> {
  return new Promise<T>((resolve, reject) =>
    start((err, value) => (err === undefined ? resolve(value as T) : reject(err))),
  );
}
