import { runToExit } from '../helpers/runToExit';

describe('dev server: process lifetime', () => {
  it('a process that used the dev server, stopped it and disposed the runtime exits by itself', async () => {
    // A socket, timer or peer connection left open would keep it alive: jest's timeout fails it.
    const { code, out, err } = await runToExit('dev-server-exit.ts');
    expect({ code, err }).toEqual({ code: 0, err: '' });
    // rtc-node logs JSON lines to stdout; the fixture's own line comes last.
    expect(out.trimEnd().split('\n').at(-1)).toBe('samples=4800 data=1,2,3');
  });
});
