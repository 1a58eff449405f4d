import { Room } from '@livekit/rtc-node';
import { Module } from 'node:module';
import { dirname, join } from 'node:path';

/** The levels of rtc-node's logger (pino's), quietest last. */
export type RtcLogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';

const LEVELS: readonly string[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];
const LOG_MODULE = /[\\/]@livekit[\\/]rtc-node[\\/]dist[\\/]log\.cjs$/;

interface PinoLike {
  level: string;
}

/**
 * Sets the level of `@livekit/rtc-node`'s own logger, which writes JSON lines to stdout (at
 * `debug` unless `NODE_ENV=production`: "Connect callback received" on every connect). rtc-node
 * 1.1.0 creates the logger when it loads and exports no handle to it, so this finds rtc-node's
 * logger module among the loaded modules (every copy, if several rtc-node installs are loaded)
 * and sets its level. It changes nothing else: rtc-node's native core forwards its own logs as
 * FFI events, which rtc-node does not print.
 *
 * Process-wide and immediate; call it once at start-up, before or after connecting.
 *
 * ```text
 * stdout before:  --{"level":20,...,"msg":"Connect callback received"}--
 * setRtcLogLevel('warn')
 * stdout after:   ------------------------------------------------------  (warnings only)
 * ```
 *
 * @example
 * ```ts
 * import { connect, setRtcLogLevel } from 'livekit-rx';
 * setRtcLogLevel('warn'); // rtc-node's warnings and errors only
 * connect(url, token).subscribe((room) => console.log('joined', room.name));
 * ```
 *
 * @param level - One of pino's levels: `'trace'`, `'debug'`, `'info'`, `'warn'`, `'error'`,
 *   `'fatal'` or `'silent'`.
 * @returns The level rtc-node's logger had before, or `undefined` if its logger module could not
 *   be found (a future rtc-node may move it; `NODE_ENV=production` still gives `info` there).
 * @throws RangeError for a level pino does not know.
 */
export function setRtcLogLevel(level: RtcLogLevel): RtcLogLevel | undefined {
  if (!LEVELS.includes(level)) {
    throw new RangeError(
      `setRtcLogLevel: unknown level ${JSON.stringify(level)}; expected one of ${LEVELS.join(', ')}.`,
    );
  }
  const loggers = rtcLoggers();
  const previous = loggers[0]?.level as RtcLogLevel | undefined;
  for (const logger of loggers) logger.level = level;
  return previous;
}

/** rtc-node's logger instances: from Node's module cache, else through this module's `require`. */
function rtcLoggers(): PinoLike[] {
  void Room; // rtc-node is loaded (its logger with it) before we look for it
  const cache = (Module as unknown as { _cache?: Record<string, { exports?: unknown }> })._cache;
  const found = Object.entries(cache ?? {})
    .filter(([file]) => LOG_MODULE.test(file))
    .map(([, module]) => loggerOf(module.exports))
    .filter((logger) => logger !== undefined);
  if (found.length > 0) return found;
  // Under a loader with its own module registry (jest), rtc-node's copy is the one `require` sees.
  try {
    const file = join(dirname(require.resolve('@livekit/rtc-node')), 'log.cjs');
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a computed path, see above
    const logger = loggerOf(require(file));
    return logger === undefined ? [] : [logger];
  } catch {
    return [];
  }
}

function loggerOf(exports: unknown): PinoLike | undefined {
  const log = (exports as { log?: unknown } | undefined)?.log;
  return typeof log === 'object' && log !== null && typeof (log as PinoLike).level === 'string'
    ? (log as PinoLike)
    : undefined;
}
