import type { Observable } from 'rxjs';
import type { StreamReaderLike } from '../room/RoomLike';
import { TestStreamReader } from './TestStreamReader';

type Handler<Chunk> = (reader: StreamReaderLike<Chunk>, participant: { identity: string }) => void;

/** The header of a scripted incoming stream (all optional). */
export interface TestStreamHeader {
  /** The stream's id (default `ST_<n>`). */
  readonly streamId?: string;
  /** Header attributes. */
  readonly attributes?: Readonly<Record<string, string>>;
  /** The declared size in bytes (default: none for text, the chunks' total for a byte array). */
  readonly totalSize?: number;
  /** The MIME type (default `text/plain`, or `application/octet-stream` for bytes). */
  readonly mimeType?: string;
  /** A byte stream's name (default `'unknown'`). */
  readonly name?: string;
  /** The header's timestamp (default 0). */
  readonly timestamp?: number;
}

interface Opened {
  readonly sender: string;
  readonly reader: TestStreamReader<string> | TestStreamReader<Uint8Array>;
}

/**
 * A `TestRoom`'s incoming text and byte streams, as rtc-node handles them: one handler per
 * topic (a second registration throws), a stream for a topic without a handler dropped, each
 * stream handed to its handler as a {@link TestStreamReader}; a sender who leaves mid-stream
 * fails its open streams ("Participant X unexpectedly disconnected in the middle of sending
 * data"), and a disconnect fails every open stream ("Disconnected while receiving"), as the Rust
 * core and rtc-node do.
 * @internal
 */
export class TestIncomingStreams {
  private readonly text = new Map<string, Handler<string>>();
  private readonly bytes = new Map<string, Handler<Uint8Array>>();
  private readonly opened = new Set<Opened>();
  private count = 0;

  /** Readers handed to a handler and not yet released (read to the end, failed, or closed). */
  get unreleased(): number {
    return this.opened.size;
  }

  /** The topics with a handler. */
  topics(kind: 'text' | 'byte'): string[] {
    return [...(kind === 'text' ? this.text : this.bytes).keys()];
  }

  register(
    kind: 'text' | 'byte',
    topic: string,
    handler: Handler<string> | Handler<Uint8Array>,
  ): void {
    const handlers = kind === 'text' ? this.text : this.bytes;
    if (handlers.has(topic)) {
      throw new Error(`A ${kind} stream handler for topic "${topic}" has already been set.`);
    }
    handlers.set(topic, handler as Handler<string> & Handler<Uint8Array>);
  }

  unregister(kind: 'text' | 'byte', topic: string): void {
    (kind === 'text' ? this.text : this.bytes).delete(topic);
  }

  /** A stream opens: handed to the topic's handler, if any. Returns its id. */
  receive(
    kind: 'text' | 'byte',
    sender: string,
    topic: string,
    chunks: readonly string[] | readonly Uint8Array[] | Observable<string> | Observable<Uint8Array>,
    header: TestStreamHeader,
  ): string {
    this.count += 1;
    const streamId = header.streamId ?? `ST_${this.count}`;
    const handler = (kind === 'text' ? this.text : this.bytes).get(topic);
    if (handler === undefined) return streamId;
    const totalSize =
      header.totalSize ??
      (kind === 'byte' && Array.isArray(chunks)
        ? (chunks as readonly Uint8Array[]).reduce((sum, c) => sum + c.byteLength, 0)
        : undefined);
    const info = {
      streamId,
      topic,
      mimeType: header.mimeType ?? (kind === 'text' ? 'text/plain' : 'application/octet-stream'),
      timestamp: header.timestamp ?? 0,
      ...(totalSize === undefined ? {} : { totalSize }),
      attributes: { ...(header.attributes ?? {}) },
      ...(kind === 'byte' ? { name: header.name ?? 'unknown' } : {}),
    };
    const reader =
      kind === 'text'
        ? new TestStreamReader<string>(
            info,
            chunks as readonly string[] | Observable<string>,
            'text',
          )
        : new TestStreamReader<Uint8Array>(
            info,
            chunks as readonly Uint8Array[] | Observable<Uint8Array>,
            'byte',
          );
    const entry: Opened = { sender, reader };
    this.opened.add(entry);
    reader.onRelease = () => this.opened.delete(entry);
    (handler as Handler<string | Uint8Array>)(reader as StreamReaderLike<string | Uint8Array>, {
      identity: sender,
    });
    return streamId;
  }

  /** The sender leaves: its streams still being sent fail. */
  senderLeft(identity: string): void {
    for (const { sender, reader } of [...this.opened]) {
      if (sender !== identity || !reader.open) continue;
      reader.fail(
        new Error(
          `stream closed abnormally: Participant ${identity} unexpectedly disconnected in the middle of sending data`,
        ),
      );
    }
  }

  /** The room disconnects: every stream still being sent fails. */
  disconnected(): void {
    for (const { reader } of [...this.opened]) {
      if (reader.open) reader.fail(new Error('Disconnected while receiving'));
    }
  }
}
