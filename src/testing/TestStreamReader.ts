import { isObservable, type Observable, type Subscription } from 'rxjs';
import {
  streamReaderHook,
  type PushStreamReader,
  type StreamReaderObserver,
} from '../internal/dataStreamHooks';
import type { StreamReaderLike } from '../room/RoomLike';

/**
 * An incoming text or byte stream of a {@link TestRoom}, delivered to the handler registered for
 * its topic. Like rtc-node's reader it is read once, by `for await` or `readAll()` (chunks arrive
 * asynchronously then), or closed; livekit-rx's own sources read it synchronously, so scripted
 * chunks reach `textStreams`/`byteStreams` at their virtual time. Its chunks are an array (all
 * at once) or an observable: each value a chunk at its (virtual) time, completion the stream's
 * end, an error the sender aborting (the reader fails with rtc-node's "stream closed abnormally:
 * <message>"). Chunks that arrive before the reader is read wait in it, as in rtc-node's native
 * reader; empty chunks are dropped, as rtc-node drops them.
 *
 * ```text
 * room.receiveTextStream('agent', 'lk.transcription', ['hel', 'lo'])  -> reader: 'hel', 'lo', done
 * room.receiveTextStream('agent', 'chat', cold('-a-b|'))             -> reader: -a-b|
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
export class TestStreamReader<Chunk extends string | Uint8Array = string>
  implements StreamReaderLike<Chunk>, PushStreamReader<Chunk>
{
  private readonly waiting: Chunk[] = [];
  private ending: { readonly error: Error | undefined } | undefined;
  private observer: StreamReaderObserver<Chunk> | undefined;
  private wake: (() => void) | undefined;
  private taken = false;
  private done = false;
  private readonly script: Subscription | undefined;
  /** Called once when the reader is released: read to its end, failed while read, or closed. */
  onRelease: (() => void) | undefined;

  /**
   * @param info - The stream's header.
   * @param chunks - Its chunks, in order: an array, or an observable played from now on.
   * @param kind - Text (`readAll` joins the chunks) or bytes (`readAll` returns them).
   */
  constructor(
    readonly info: StreamReaderLike<Chunk>['info'],
    chunks: readonly Chunk[] | Observable<Chunk>,
    private readonly kind: 'text' | 'byte' = 'text',
  ) {
    if (isObservable(chunks)) {
      this.script = chunks.subscribe({
        next: (chunk) => this.push(chunk),
        error: (err: unknown) =>
          this.fail(
            new Error(
              `stream closed abnormally: ${err instanceof Error ? err.message : String(err)}`,
            ),
          ),
        complete: () => this.end(undefined),
      });
    } else {
      for (const chunk of chunks) this.push(chunk);
      this.end(undefined);
    }
  }

  /** Whether the sender is still sending: the stream has neither ended nor failed. */
  get open(): boolean {
    return this.ending === undefined;
  }

  /** Whether the reader was released: read to its end, failed while read, or closed. */
  get released(): boolean {
    return this.done;
  }

  /** The stream fails (the sender left, the room disconnected): the reader errors with `error`. */
  fail(error: Error): void {
    this.end(error);
  }

  /** @internal livekit-rx's push path: chunks and the end go to `observer`. */
  [streamReaderHook](observer: StreamReaderObserver<Chunk>): void {
    this.take();
    this.observer = observer;
    while (this.waiting.length > 0 && this.observer !== undefined) {
      observer.next(this.waiting.shift() as Chunk);
    }
    if (this.ending !== undefined) this.deliverEnd();
  }

  /** The chunks, as they arrive (what rtc-node's reader gives `for await`). */
  [Symbol.asyncIterator](): AsyncIterator<Chunk> {
    this.take();
    return {
      next: async (): Promise<IteratorResult<Chunk>> => {
        for (;;) {
          const chunk = this.waiting.shift();
          if (chunk !== undefined) return { done: false, value: await Promise.resolve(chunk) };
          if (this.ending !== undefined) {
            this.release();
            if (this.ending.error !== undefined) throw this.ending.error;
            return { done: true, value: undefined };
          }
          await new Promise<void>((resolve) => (this.wake = resolve));
        }
      },
      return: async (): Promise<IteratorResult<Chunk>> => {
        await this.close();
        return { done: true, value: undefined };
      },
    };
  }

  /** All the text (a text stream) or all the chunks (a byte stream), once the stream ends. */
  async readAll(): Promise<string | Chunk[]> {
    const chunks: Chunk[] = [];
    for await (const chunk of this) chunks.push(chunk);
    return this.kind === 'text' ? (chunks as string[]).join('') : chunks;
  }

  /** Stops reading: the reader is released, and chunks still to come are dropped. */
  close(): Promise<void> {
    this.taken = true;
    this.observer = undefined;
    this.waiting.length = 0;
    this.ending ??= { error: undefined };
    this.script?.unsubscribe();
    this.release();
    this.wakeUp();
    return Promise.resolve();
  }

  private take(): void {
    if (this.taken) {
      throw new Error(`TestStreamReader: stream ${this.info.streamId} was already read`);
    }
    this.taken = true;
  }

  private push(chunk: Chunk): void {
    if (this.ending !== undefined || chunk.length === 0) return;
    if (this.observer !== undefined) {
      this.observer.next(chunk);
      return;
    }
    this.waiting.push(chunk);
    this.wakeUp();
  }

  private end(error: Error | undefined): void {
    if (this.ending !== undefined) return;
    this.ending = { error };
    this.script?.unsubscribe();
    if (this.observer !== undefined) this.deliverEnd();
    else this.wakeUp();
  }

  private deliverEnd(): void {
    const observer = this.observer;
    this.observer = undefined;
    if (observer === undefined) return;
    this.release();
    const error = this.ending?.error;
    if (error === undefined) observer.complete();
    else observer.error(error);
  }

  private wakeUp(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  private release(): void {
    if (this.done) return;
    this.done = true;
    const release = this.onRelease;
    this.onRelease = undefined;
    release?.();
  }
}
