import { Room } from '@livekit/rtc-node';
import { connect, ConnectError, type ConnectFailure } from 'livekit-rx';
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { firstValueFrom } from 'rxjs';
import { useNativeRuntime } from './helpers/native';

useNativeRuntime();

/** A local HTTP server standing in for a LiveKit server that refuses or ignores every request. */
async function fakeServer(
  answer: 'refuse' | 'hang',
): Promise<{ url: string; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    if (answer === 'refuse') {
      res.writeHead(401);
      res.end('invalid token');
    }
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}`,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      server.close();
      await once(server, 'close');
    },
  };
}

async function failure(url: string, timeoutMs?: number): Promise<ConnectError> {
  const options = timeoutMs === undefined ? {} : { timeoutMs };
  const err: unknown = await firstValueFrom(connect(url, 'token', options)).then(
    () => new Error('connected'),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ConnectError);
  return err as ConnectError;
}

describe('connect: failures are named ConnectErrors, never unhandled rejections', () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
  beforeAll(() => process.on('unhandledRejection', onUnhandled));
  afterAll(() => {
    process.off('unhandledRejection', onUnhandled);
    expect(unhandled).toEqual([]);
  });

  it.each<[string, ConnectFailure]>([
    ['not a url', 'bad-url'],
    ['ftp://example.com', 'bad-url'],
  ])('%s is a bad URL, refused before the native runtime is asked', async (url, reason) => {
    const err = await failure(url);
    expect(err.info).toMatchObject({ url, reason });
    expect(err.message).toMatch(
      /^connect: could not join .*: the URL is not a ws:\/\/, wss:\/\/, http:\/\/ or https:\/\/ URL/,
    );
  });

  it('a closed port is unreachable', async () => {
    const err = await failure('ws://127.0.0.1:1');
    expect(err.info.reason).toBe('unreachable');
    expect(err.info.detail).toMatch(/Connection refused/);
    expect(err.cause).toBeInstanceOf(Error);
  });

  it('a server answering 401 refuses the token', async () => {
    const server = await fakeServer('refuse');
    try {
      const err = await failure(server.url);
      expect(err.info.reason).toBe('refused-token');
      expect(err.info.detail).toMatch(/401 Unauthorized/);
      expect(err.message).toMatch(/the server refused the token; check the API key and secret/);
    } finally {
      await server.close();
    }
  });

  it('a server that never answers times out after timeoutMs', async () => {
    const server = await fakeServer('hang');
    try {
      const err = await failure(server.url, 300);
      expect(err.info).toEqual({
        url: server.url,
        reason: 'timeout',
        detail: 'no connection after 300 ms',
      });
    } finally {
      await server.close();
    }
  });

  it('unsubscribing before the connection completes abandons it without an error', async () => {
    const server = await fakeServer('refuse');
    const connecting = jest.spyOn(Room.prototype, 'connect');
    try {
      const errors: unknown[] = [];
      const subscription = connect(server.url, 'token').subscribe({
        error: (e: unknown) => errors.push(e),
      });
      subscription.unsubscribe();
      const attempt = connecting.mock.results[0]?.value as Promise<void>;
      await attempt.catch(() => undefined);
      expect(errors).toEqual([]);
    } finally {
      connecting.mockRestore();
      await server.close();
    }
  });
});
