#!/usr/bin/env node
/**
 * The `livekit-rx-dev-server` command: starts the local LiveKit-compatible development server and
 * prints its URL, API key and secret; Ctrl-C (SIGINT) or SIGTERM stops it.
 *
 *   npx livekit-rx-dev-server [--port 7880] [--host 127.0.0.1] [--api-key devkey] [--api-secret s]
 */
import { parseArgs } from 'node:util';
import { startDevServer } from './startDevServer';

const USAGE = `usage: livekit-rx-dev-server [--port 7880] [--host 127.0.0.1] [--api-key KEY] [--api-secret SECRET]

Starts a local LiveKit-compatible server for development and tests (not for production:
use LiveKit Cloud or livekit-server there; the same client code connects to either).`;

async function main(argv: string[]): Promise<number> {
  // `livekit-rx-dev-server dev-server ...` (the older `livekit-rx dev-server` spelling) still works.
  const args = argv[0] === 'dev-server' ? argv.slice(1) : argv;
  let parsed;
  try {
    parsed = parseArgs({
      args,
      options: {
        port: { type: 'string', default: '7880' },
        host: { type: 'string', default: '127.0.0.1' },
        'api-key': { type: 'string' },
        'api-secret': { type: 'string' },
        verbose: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (err) {
    console.error(`${err instanceof Error ? err.message : String(err)}\n\n${USAGE}`);
    return 2;
  }
  const { values } = parsed;
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const server = await startDevServer({
    port: Number(values.port),
    host: values.host,
    ...(values['api-key'] !== undefined && { apiKey: values['api-key'] }),
    ...(values['api-secret'] !== undefined && { apiSecret: values['api-secret'] }),
    ...(values.verbose && { log: (line: string) => console.error(`[dev-server] ${line}`) }),
  });
  console.log('livekit-rx dev server (development and tests only)');
  console.log(`LIVEKIT_URL=${server.url}`);
  console.log(`LIVEKIT_API_KEY=${server.apiKey}`);
  console.log(`LIVEKIT_API_SECRET=${server.apiSecret}`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.stop();
  console.log('stopped');
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 1;
  },
);
