import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';

const root = join(__dirname, '..');

describe('process lifetime', () => {
  it('a process that unsubscribes mid-stream and calls dispose() exits by itself', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join('test', 'fixtures', 'exit-after-dispose.ts')],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    // If a native handle kept it alive, 'exit' would never come and jest's timeout fails the test.
    const [code] = (await once(child, 'exit')) as [number | null];
    expect({ code, err }).toEqual({ code: 0, err: '' });
    // 5 frames of 10 ms at 48 kHz -> 800 samples at 16 kHz -> two 20 ms frames and a remainder.
    expect(out).toBe('frames=3\n');
  });
});
