import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const cli = join('packages', 'dev-server', 'src', 'cli.ts');

describe('livekit-rx-dev-server (the command)', () => {
  it('prints its URL, key and secret, serves, and stops on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', cli, '--port', '0', '--api-key', 'k1'],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const printed = new Promise<string>((resolve) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('LIVEKIT_API_SECRET=')) resolve(out);
      });
    });
    const lines = (await printed).trimEnd().split('\n');
    expect(lines[0]).toBe('livekit-rx dev server (development and tests only)');
    expect(lines[1]).toMatch(/^LIVEKIT_URL=ws:\/\/127\.0\.0\.1:\d+$/);
    expect(lines.slice(2)).toEqual([
      'LIVEKIT_API_KEY=k1',
      'LIVEKIT_API_SECRET=secretsecretsecretsecretsecretse',
    ]);
    const url = (lines[1] ?? '').slice('LIVEKIT_URL='.length).replace('ws:', 'http:');
    expect(await (await fetch(url)).text()).toBe('OK');

    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const [code] = (await exited) as [number | null];
    expect({ code, err, last: out.trimEnd().split('\n').at(-1) }).toEqual({
      code: 0,
      err: '',
      last: 'stopped',
    });
  });
});
