import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lastValueFrom, toArray } from 'rxjs';
import { RoomNotConnectedError, sendFile, SendFileError, RecipientNotFoundError } from 'livekit-rx';
import { TestRoom, type TestRoomSent } from 'livekit-rx/testing';

// sendFile reads a real file (asynchronous I/O), so these tests await rather than marble.
let dir: string;
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'livekit-rx-sendfile-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const chunksOf = (room: TestRoom) =>
  room.sent.filter(
    (s): s is Extract<TestRoomSent, { type: 'stream-chunk' }> => s.type === 'stream-chunk',
  );

describe('sendFile', () => {
  it('sends the file chunk by chunk as a byte stream named after it, with progress, then done', async () => {
    const path = join(dir, 'blob.bin');
    const content = randomBytes(250_000);
    writeFileSync(path, content);
    const room = new TestRoom({ participants: [{ identity: 'bob' }] });
    const progress = await lastValueFrom(
      sendFile(room, path, {
        topic: 'files',
        chunkSize: 100_000,
        destinationIdentities: ['bob'],
      }).pipe(toArray()),
    );
    expect(progress.map((p) => [p.bytesSent, p.done])).toEqual([
      [0, false],
      [100_000, false],
      [200_000, false],
      [250_000, false],
      [250_000, true],
    ]);
    expect(progress.every((p) => p.total === 250_000 && p.info.name === 'blob.bin')).toBe(true);
    expect(progress.at(-1)?.fraction).toBe(1);
    expect(room.sent[0]).toMatchObject({
      type: 'stream-open',
      streamKind: 'byte',
      name: 'blob.bin',
      totalSize: 250_000,
      topic: 'files',
      destinationIdentities: ['bob'],
    });
    const sent = Buffer.concat(chunksOf(room).map((c) => c.chunk as Uint8Array));
    const hash = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
    expect(hash(sent)).toBe(hash(content));
    expect(chunksOf(room).map((c) => (c.chunk as Uint8Array).byteLength)).toEqual([
      100_000, 100_000, 50_000,
    ]);
    expect(room.sent.at(-1)).toMatchObject({ type: 'stream-close', reason: undefined });
  });

  it('an empty file: an empty stream, done at once', async () => {
    const path = join(dir, 'empty.txt');
    writeFileSync(path, '');
    const room = new TestRoom();
    const progress = await lastValueFrom(
      sendFile(room, path, { mimeType: 'text/plain' }).pipe(toArray()),
    );
    expect(progress.map((p) => [p.bytesSent, p.fraction, p.done])).toEqual([
      [0, 0, false],
      [0, 1, true],
    ]);
    expect(room.sent.map((s) => s.type)).toEqual(['stream-open', 'stream-close']);
  });

  it('a path that does not exist, or a directory: SendFileError, nothing sent', async () => {
    const room = new TestRoom();
    const missing = await lastValueFrom(sendFile(room, join(dir, 'nope.bin'))).catch(
      (e: unknown) => e,
    );
    expect(missing).toBeInstanceOf(SendFileError);
    expect((missing as SendFileError).info).toEqual({
      path: join(dir, 'nope.bin'),
      problem: 'not-found',
      code: 'ENOENT',
      bytesSent: 0,
    });
    const directory = await lastValueFrom(sendFile(room, dir)).catch((e: unknown) => e);
    expect((directory as SendFileError).info).toMatchObject({ problem: 'not-a-file', path: dir });
    expect((directory as SendFileError).message).toContain('Nothing was sent');
    expect(room.sent).toEqual([]);
  });

  it('checks the room and the destinations before touching the file', async () => {
    const room = new TestRoom();
    const absent = await lastValueFrom(
      sendFile(room, join(dir, 'nope.bin'), { destinationIdentities: ['bob'] }),
    ).catch((e: unknown) => e);
    expect(absent).toBeInstanceOf(RecipientNotFoundError);
    await room.disconnect();
    const gone = await lastValueFrom(sendFile(room, join(dir, 'nope.bin'))).catch(
      (e: unknown) => e,
    );
    expect(gone).toBeInstanceOf(RoomNotConnectedError);
  });

  it('unsubscribing mid-file aborts the stream and closes the file', async () => {
    const path = join(dir, 'big.bin');
    writeFileSync(path, randomBytes(1_000_000));
    const room = new TestRoom();
    await new Promise<void>((resolve) => {
      const subscription = sendFile(room, path, { chunkSize: 10_000 }).subscribe((p) => {
        if (p.bytesSent >= 30_000) {
          subscription.unsubscribe();
          resolve();
        }
      });
    });
    expect(room.sent.at(-1)).toEqual({
      type: 'stream-close',
      streamKind: 'byte',
      streamId: 'OUT_1',
      reason: 'cancelled',
    });
    expect(chunksOf(room).length).toBeLessThan(10);
    expect(room.localParticipant.openStreamWriters).toBe(0);
  });

  it('rejects bad arguments at once', () => {
    const room = new TestRoom();
    expect(() => sendFile(room, '')).toThrow(TypeError);
    expect(() => sendFile(room, 'x', { chunkSize: 0 })).toThrow(RangeError);
  });
});
