import { Room, type RoomOptions } from '@livekit/rtc-node';
import { startDevServer, type DevServer, type DevServerOptions } from 'livekit-rx-dev-server';
import { useNativeRuntime } from '../helpers/native';

// rtc-node does not export its RoomCallbacks map: read each event's listener off `room.on`.
declare const _room: Room;
type EventName = Parameters<Room['on']>[0];
type Args<E extends EventName> = Parameters<Parameters<typeof _room.on<E>>[1]>;

/**
 * The next `event` on `room` whose arguments pass `predicate`. Resolves from the listener; the
 * timeout only turns a missing event into a failure with a message.
 */
export function next<E extends EventName>(
  room: Room,
  event: E,
  predicate: (...args: Args<E>) => boolean = () => true,
  timeoutMs = 15000,
): Promise<Args<E>> {
  return new Promise((resolve, reject) => {
    const listener = (...args: Args<E>) => {
      if (!predicate(...args)) return;
      clearTimeout(timer);
      room.off(event, listener as never);
      resolve(args);
    };
    const timer = setTimeout(() => {
      room.off(event, listener as never);
      reject(new Error(`no '${String(event)}' event within ${timeoutMs} ms`));
    }, timeoutMs);
    room.on(event, listener as never);
  });
}

/** Rooms joined in a test, disconnected after it (even when it fails). */
export class Rooms {
  private readonly rooms: Room[] = [];

  constructor(private readonly current: () => DevServer) {}

  /** The server the rooms join. */
  get server(): DevServer {
    return this.current();
  }

  /** A Room connected to the dev server as `identity`. */
  async join(
    identity: string,
    room = 'test-room',
    token: { name?: string; metadata?: string; attributes?: Record<string, string> } = {},
    options: Partial<RoomOptions> = {},
  ): Promise<Room> {
    const client = new Room();
    this.rooms.push(client);
    const server = this.current();
    await client.connect(server.url, await server.createToken(identity, { room, ...token }), {
      autoSubscribe: true,
      dynacast: false,
      ...options,
    });
    return client;
  }

  async disconnectAll(): Promise<void> {
    await Promise.all(this.rooms.splice(0).map((r) => r.disconnect()));
  }
}

/**
 * The per-file fixture of the dev-server tests: a server started before the file's tests and
 * stopped after them, the rooms of each test disconnected after it, and the native runtime
 * disposed last (jest runs afterAll hooks in declaration order, and rooms must disconnect before
 * `dispose()` or their `disconnect()` hangs).
 */
export function useDevServer(options: DevServerOptions = {}): Rooms {
  let server: DevServer | undefined;
  const rooms = new Rooms(() => {
    if (server === undefined) throw new Error('useDevServer: the server starts in beforeAll');
    return server;
  });
  beforeAll(async () => {
    server = await startDevServer(options);
  });
  afterEach(() => rooms.disconnectAll());
  afterAll(() => server?.stop());
  useNativeRuntime();
  return rooms;
}
