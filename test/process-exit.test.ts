import { runToExit } from './helpers/runToExit';

describe('process lifetime', () => {
  it('a process that unsubscribes mid-stream and calls dispose() exits by itself', async () => {
    // If a native handle kept it alive, 'exit' would never come and jest's timeout fails the test.
    const { code, out, err } = await runToExit('exit-after-dispose.ts');
    expect({ code, err }).toEqual({ code: 0, err: '' });
    // 5 frames of 10 ms at 48 kHz -> 800 samples at 16 kHz -> two 20 ms frames and a remainder.
    expect(out).toBe('frames=3\n');
  });
});
