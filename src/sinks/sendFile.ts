import type { ByteStreamInfo } from '@livekit/rtc-node';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { basename } from 'node:path';
import { Observable } from 'rxjs';
import { SendFileError, type SendFileProblem } from '../errors/SendFileError';
import { sendPreflight } from '../internal/sendPreflight';
import { streamSendOptions } from '../internal/streamSendOptions';
import { assertRoomLike } from '../internal/watchRoom';
import type { RoomLike } from '../room/RoomLike';
import type { DataStreamSendOptions } from './DataStreamSendOptions';
import { streamBytes } from './streamBytes';

/** Options of {@link sendFile}. */
export interface SendFileOptions extends DataStreamSendOptions {
  /** The name receivers see (default: the file's base name). */
  readonly name?: string;
  /** The MIME type (default `'application/octet-stream'`). */
  readonly mimeType?: string;
  /** Bytes read and written at a time (default 65536; rtc-node cuts writes into 15 kB packets). */
  readonly chunkSize?: number;
}

/** How far a {@link sendFile} has got. */
export interface SendProgress {
  /** Bytes written to the stream so far. */
  readonly bytesSent: number;
  /** The file's size. */
  readonly total: number;
  /** `bytesSent / total` (1 for an empty file once done). */
  readonly fraction: number;
  /** The stream is closed: every byte was sent (the last value). */
  readonly done: boolean;
  /** The stream's header (id, name, MIME type, ...). */
  readonly info: ByteStreamInfo;
}

/** Chunks read ahead of the one being written. */
const READ_AHEAD = 1;

/**
 * Sends a file as a LiveKit byte stream, with its progress: checks the file (a missing path, a
 * directory or an unreadable file is a `SendFileError` before anything is sent), opens a byte
 * stream named after it with its size, reads it `chunkSize` bytes at a time as the previous chunk
 * is written (never the whole file in memory: one chunk written, one read ahead), and emits a
 * `SendProgress` when the stream opens (0 bytes), after each chunk, and a last one with
 * `done: true` when the stream is closed; then completes. A read that fails, or a file that
 * shrinks while it is sent, aborts the stream (`SendFileError` `'read-failed'`/`'changed'`), as
 * does unsubscribing; the rest is {@link streamBytes}' (destination and room checks, a
 * disconnect). rtc-node's own `sendFile` reads in native code but reports no progress, which is
 * why this one reads in JS.
 *
 * ```text
 * sendFile(room, 'a.bin'):  0--p--p--p--(d|)     0 = opened, p = a chunk sent, d = done
 * ```
 *
 * @example
 * ```ts
 * import { sendFile } from 'livekit-rx';
 * sendFile(room, './recording.wav', { topic: 'files', mimeType: 'audio/wav' }).subscribe((p) =>
 *   console.log(`${(p.fraction * 100).toFixed(0)}%${p.done ? ' done' : ''}`),
 * );
 * ```
 *
 * @param room - A connected room: rtc-node's `Room`, or a `TestRoom`.
 * @param path - The file to send.
 * @param options - Name, MIME type, topic, attributes, destinations, chunk size.
 * @returns Progress, then complete once the stream is closed.
 * @throws TypeError at once if `room` is not a room or `path` not a string; RangeError for a
 *   `chunkSize` that is not a whole number >= 1.
 */
export function sendFile(
  room: RoomLike,
  path: string,
  options: SendFileOptions = {},
): Observable<SendProgress> {
  assertRoomLike('sendFile', room);
  if (typeof path !== 'string' || path === '') {
    throw new TypeError(`sendFile: path must be a non-empty string, got ${String(path)}`);
  }
  const chunkSize = options.chunkSize ?? 65536;
  if (!Number.isSafeInteger(chunkSize) || chunkSize < 1) {
    throw new RangeError(`sendFile: chunkSize must be a whole number >= 1, got ${chunkSize}`);
  }
  const send = streamSendOptions('sendFile', options);
  return new Observable<SendProgress>((subscriber) => {
    try {
      sendPreflight('sendFile', room, send.destinationIdentities, send.checkDestinations);
    } catch (err) {
      subscriber.error(err);
      return;
    }
    let handle: FileHandle | undefined;
    let stopped = false;
    const release = (): void => {
      stopped = true;
      void handle?.close().catch(() => undefined);
      handle = undefined;
    };
    openFile(path).then(
      (file) => {
        if (stopped) {
          void file.handle.close().catch(() => undefined);
          return;
        }
        handle = file.handle;
        const total = file.size;
        let more = (): void => undefined;
        const chunks$ = new Observable<Uint8Array>((sink) => {
          let position = 0;
          let reading = false;
          let wanted = 1 + READ_AHEAD;
          const pull = (): void => {
            if (reading || stopped || sink.closed || wanted === 0) return;
            if (position >= total) {
              sink.complete();
              return;
            }
            reading = true;
            wanted--;
            const length = Math.min(chunkSize, total - position);
            const buffer = new Uint8Array(length);
            file.handle.read(buffer, 0, length, position).then(
              ({ bytesRead }) => {
                reading = false;
                if (stopped || sink.closed) return;
                if (bytesRead === 0) {
                  sink.error(fileError(path, 'changed', undefined, position));
                  return;
                }
                position += bytesRead;
                sink.next(bytesRead === length ? buffer : buffer.subarray(0, bytesRead));
                pull();
              },
              (err: unknown) => {
                reading = false;
                if (!stopped) sink.error(fileError(path, 'read-failed', err, position));
              },
            );
          };
          more = () => {
            wanted++;
            pull();
          };
          pull();
        });
        const progress = (info: ByteStreamInfo, bytesSent: number, done: boolean) => ({
          bytesSent,
          total,
          fraction: total === 0 ? (done ? 1 : 0) : bytesSent / total,
          done,
          info,
        });
        let info: ByteStreamInfo | undefined;
        subscriber.add(
          chunks$
            .pipe(
              streamBytes(room, {
                ...options,
                name: options.name ?? basename(path),
                totalSize: total,
                bufferSize: 1 + READ_AHEAD,
              }),
            )
            .subscribe({
              next: (event) => {
                if (event.type === 'opened') {
                  info = event.info;
                  subscriber.next(progress(info, 0, false));
                } else if (event.type === 'progress' && info !== undefined) {
                  subscriber.next(progress(info, event.bytesSent, false));
                  more();
                } else if (event.type === 'closed') {
                  subscriber.next(progress(event.info, event.bytesSent, true));
                }
              },
              error: (err: unknown) => subscriber.error(err),
              complete: () => subscriber.complete(),
            }),
        );
      },
      (err: unknown) => {
        if (!stopped) subscriber.error(err);
      },
    );
    return release;
  });
}

async function openFile(path: string): Promise<{ handle: FileHandle; size: number }> {
  let size: number;
  try {
    const stats = await stat(path);
    if (!stats.isFile()) throw fileError(path, 'not-a-file', undefined, 0);
    size = stats.size;
  } catch (err) {
    if (err instanceof SendFileError) throw err;
    const code = codeOf(err);
    const problem = code === 'ENOENT' || code === 'ENOTDIR' ? 'not-found' : 'unreadable';
    throw fileError(path, problem, err, 0);
  }
  try {
    return { handle: await open(path, 'r'), size };
  } catch (err) {
    throw fileError(path, codeOf(err) === 'EISDIR' ? 'not-a-file' : 'unreadable', err, 0);
  }
}

function codeOf(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function fileError(
  path: string,
  problem: SendFileProblem,
  cause: unknown,
  bytesSent: number,
): SendFileError {
  return new SendFileError({ path, problem, code: codeOf(cause), bytesSent }, cause);
}
