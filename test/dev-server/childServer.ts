import { AccessToken } from 'livekit-server-sdk';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

/** A dev server in a child process (`livekit-rx-dev-server`): its heap and event loop are not the test's. */
export interface ChildDevServer {
  readonly url: string;
  createToken(identity: string, room: string): Promise<string>;
  /** SIGTERM, then resolves when the child has exited. */
  stop(): Promise<void>;
}

/** Starts `livekit-rx-dev-server --port 0` under tsx and reads its URL, key and secret. */
export async function startChildDevServer(): Promise<ChildDevServer> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join('packages', 'dev-server', 'src', 'cli.ts'), '--port', '0'],
    { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const exited = once(child, 'exit');
  let out = '';
  const printed = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('LIVEKIT_API_SECRET=')) resolve(out);
    });
    void exited.then(() => reject(new Error(`the dev server exited: ${out}`)));
  });
  const read = (name: string) => {
    const line = printed.split('\n').find((l) => l.startsWith(`${name}=`));
    if (line === undefined) throw new Error(`the dev server did not print ${name}`);
    return line.slice(name.length + 1).trim();
  };
  const [url, key, secret] = [
    read('LIVEKIT_URL'),
    read('LIVEKIT_API_KEY'),
    read('LIVEKIT_API_SECRET'),
  ];
  return {
    url,
    createToken: (identity, room) => {
      const token = new AccessToken(key, secret, { identity, ttl: '1h' });
      token.addGrant({ room, roomJoin: true, canPublish: true, canSubscribe: true });
      return token.toJwt();
    },
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
