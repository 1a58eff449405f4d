import { runToExit } from './helpers/runToExit';

describe('a frame of no valid format never hangs or aborts the process', () => {
  it('every audio operator and sink answers 40 random bad formats each with a named FrameFormatError within 2 s', async () => {
    // In a child process, on the real native runtime: a NaN rate used to hang inside the native
    // resampler (the child's own timers stop with it), so only this deadline can catch it.
    const { code, out, err, timedOut } = await runToExit('bad-frame-formats.ts', {
      args: ['40'],
      timeoutMs: 60_000,
    });
    // 15 operators and sinks (apm's reverse$ counted apart), 40 cases each.
    expect({ code, timedOut, out, err: code === 0 ? '' : err }).toEqual({
      code: 0,
      timedOut: false,
      out: 'checked=600\n',
      err: '',
    });
  }, 90_000);
});
