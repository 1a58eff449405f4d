import { runToExit } from './helpers/runToExit';

describe('publishAudio never crashes the process when torn down with seconds of audio queued', () => {
  it('60 publications of a 30 s burst, each unsubscribed while queued: the process finishes', async () => {
    // In a child process: a native heap corruption would kill jest itself.
    const { code, out, err } = await runToExit('close-long-queue.ts');
    expect({ code, out, err: err.includes('corrupted') ? err : '' }).toEqual({
      code: 0,
      out: 'closed=60\n',
      err: '',
    });
  }, 120_000);
});
