import type { StreamReaderLike } from '../room/RoomLike';

/**
 * An incoming text stream of a {@link TestRoom}, delivered to the handler registered for its
 * topic. Like rtc-node's reader it is read once, asynchronously (chunks arrive as resolved
 * promises), by `for await` or `readAll()`.
 *
 * ```text
 * room.receiveTextStream('agent', 'lk.transcription', ['hel', 'lo'])  -> reader: 'hel', 'lo', done
 * ```
 *
 * @example
 * ```ts
 * import { TestRoom } from 'livekit-rx/testing';
 * const room = new TestRoom();
 * room.join({ identity: 'agent' });
 * room.registerTextStreamHandler('chat', async (reader) => console.log(await reader.readAll()));
 * room.receiveTextStream('agent', 'chat', ['hel', 'lo']); // logs 'hello'
 * ```
 */
export class TestStreamReader implements StreamReaderLike<string> {
  private read = false;

  /**
   * @param info - The stream's header.
   * @param chunks - Its text chunks, in order.
   */
  constructor(
    readonly info: StreamReaderLike<string>['info'],
    private readonly chunks: readonly string[],
  ) {}

  async *[Symbol.asyncIterator](): AsyncIterator<string> {
    if (this.read)
      throw new Error(`TestStreamReader: stream ${this.info.streamId} was already read`);
    this.read = true;
    for (const chunk of this.chunks) yield await Promise.resolve(chunk);
  }

  /** All the text, once the stream ends. */
  async readAll(): Promise<string> {
    let text = '';
    for await (const chunk of this) text += chunk;
    return text;
  }

  /** Stops reading (nothing to release in a test stream). */
  close(): Promise<void> {
    this.read = true;
    return Promise.resolve();
  }
}
