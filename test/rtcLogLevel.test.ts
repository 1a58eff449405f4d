import { setRtcLogLevel, type RtcLogLevel } from 'livekit-rx';
import { runToExit } from './helpers/runToExit';

const CONNECT_LINE = '"msg":"Connect callback received"';
// rtc-node reads NODE_ENV when it loads: the children run as a user's app would (jest sets 'test').
const env = { ...process.env, NODE_ENV: 'development' };

describe('setRtcLogLevel: rtc-node logs what its level lets through', () => {
  it("rtc-node's default (debug) prints its connect line on stdout: the control", async () => {
    const { code, out } = await runToExit('rtc-log-level.ts', ['default'], env);
    expect(code).toBe(0);
    expect(out.split('\n').filter((l) => l.includes(CONNECT_LINE))).toHaveLength(1);
    expect(out).toContain('previous=unchanged\n');
  }, 30_000);

  it("at 'warn', a connect prints nothing of rtc-node's; the previous level was debug", async () => {
    const { code, out } = await runToExit('rtc-log-level.ts', ['warn'], env);
    expect({ code, out }).toEqual({ code: 0, out: 'previous=debug\n' });
  }, 30_000);

  it('returns the level it replaces, so a caller can restore it', () => {
    const before = setRtcLogLevel('error');
    try {
      expect(before).toBeDefined();
      expect(setRtcLogLevel('silent')).toBe('error');
      expect(setRtcLogLevel('info')).toBe('silent');
    } finally {
      setRtcLogLevel(before as RtcLogLevel);
    }
  });

  it('rejects a level pino does not know, at once', () => {
    expect(() => setRtcLogLevel('loud' as RtcLogLevel)).toThrow(
      new RangeError(
        'setRtcLogLevel: unknown level "loud"; expected one of trace, debug, info, warn, error, fatal, silent.',
      ),
    );
  });
});
