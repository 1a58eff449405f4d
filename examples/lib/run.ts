import { dispose, Room } from '@livekit/rtc-node';
import { setRtcLogLevel, type RtcLogLevel } from 'livekit-rx';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { chooseServer, type ExampleServer } from './server';

/** What an example gets to run with. */
export interface ExampleRun {
  /** `--smoke`: run the scripted counterparts for a few seconds and check the outcome. */
  readonly smoke: boolean;
  /** The other string options given (`--out dir`). */
  readonly options: Readonly<Record<string, string | undefined>>;
  readonly server: ExampleServer;
  /** The room of this run: the example's name (a random suffix with `--smoke`). */
  readonly roomName: string;
  /** A Room connected to `roomName` as `identity`; every room joined is disconnected at the end. */
  join(identity: string): Promise<Room>;
  /**
   * Prints `hint` and a token to join the room as `identity` (default "you"), then resolves on
   * Ctrl-C or SIGTERM.
   */
  serveUntilStopped(hint: string, identity?: string): Promise<void>;
}

/** A smoke check that failed: `runExample` prints its message and exits with code 1. */
export class SmokeCheckFailed extends Error {}

/** Fails the smoke run with `message` unless `ok`. */
export function check(ok: boolean, message: string): void {
  if (!ok) throw new SmokeCheckFailed(message);
}

/** `promise`, or a SmokeCheckFailed saying what did not happen within `ms`. */
export function within<T>(ms: number, promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new SmokeCheckFailed(`${what}: not within ${ms} ms`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/**
 * Runs an example: parses `--smoke` (and `stringOptions`), picks the server (LIVEKIT_URL or the
 * embedded dev server), runs `main`, then disconnects every room it joined, stops the embedded
 * server and awaits rtc-node's `dispose()`, so the process exits. A failure (a smoke check or
 * any error) is printed and sets exit code 1.
 */
export function runExample(
  name: string,
  main: (run: ExampleRun) => Promise<void>,
  stringOptions: readonly string[] = [],
): void {
  const { values } = parseArgs({
    options: {
      smoke: { type: 'boolean', default: false },
      ...Object.fromEntries(stringOptions.map((o) => [o, { type: 'string' as const }])),
    },
  });
  const smoke = values.smoke === true;
  // rtc-node logs a debug JSON line on every connect; RTC_LOG_LEVEL=debug brings them back.
  setRtcLogLevel((process.env.RTC_LOG_LEVEL as RtcLogLevel | undefined) ?? 'warn');
  const rooms: Room[] = [];
  let server: ExampleServer | undefined;
  const run = async (): Promise<void> => {
    server = await chooseServer();
    const roomName = smoke ? `${name}-${randomBytes(3).toString('hex')}` : name;
    const chosen = server;
    console.log(`${name}: room "${roomName}" on ${chosen.label}${smoke ? ' (smoke run)' : ''}`);
    await main({
      smoke,
      options: values as unknown as Record<string, string | undefined>,
      server: chosen,
      roomName,
      async join(identity) {
        const room = new Room();
        rooms.push(room);
        await room.connect(chosen.url, await chosen.token(identity, roomName));
        return room;
      },
      async serveUntilStopped(hint, identity = 'you') {
        console.log(hint);
        console.log(
          `join with any LiveKit client: url ${chosen.url}, room "${roomName}", token for "${identity}"`,
        );
        console.log(`  ${await chosen.token(identity, roomName)}`);
        console.log('Ctrl-C stops.');
        await new Promise<void>((resolve) => {
          process.once('SIGINT', resolve);
          process.once('SIGTERM', resolve);
        });
      },
    });
  };
  run()
    .then(() => smoke && console.log(`${name} --smoke: ok`))
    .catch((err: unknown) => {
      process.exitCode = 1;
      if (err instanceof SmokeCheckFailed) console.error(`${name} --smoke: FAILED: ${err.message}`);
      else console.error(`${name}:`, err);
    })
    .finally(async () => {
      await Promise.all(rooms.map((room) => room.disconnect()));
      await server?.embedded?.stop();
      await dispose();
    });
}
