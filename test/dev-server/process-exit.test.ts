import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

describe('dev server: process lifetime', () => {
  it('a process that used the dev server, stopped it and disposed the runtime exits by itself', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join('test', 'fixtures', 'dev-server-exit.ts')],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    // A socket, timer or peer connection left open would keep it alive: jest's timeout fails it.
    const [code] = (await once(child, 'exit')) as [number | null];
    expect({ code, err }).toEqual({ code: 0, err: '' });
    // rtc-node logs JSON lines to stdout; the fixture's own line comes last.
    expect(out.trimEnd().split('\n').at(-1)).toBe('samples=4800 data=1,2,3');
  });
});
