import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

/** Options of {@link runToExit}. */
export interface RunToExitOptions {
  /** Arguments after the fixture's path. */
  readonly args?: readonly string[];
  /** The child's environment (default: this process's). */
  readonly env?: NodeJS.ProcessEnv;
  /**
   * Kill the child (SIGKILL) if it has not exited after this long: a hang inside a native call
   * blocks the child's own timers, so only the parent can bound it. `timedOut` then says so.
   */
  readonly timeoutMs?: number;
}

/**
 * Runs a fixture under tsx in a child process and resolves when it exits, with its exit code and
 * output. A socket, timer or native handle left open would keep the child alive: 'exit' never
 * comes and jest's timeout (or `timeoutMs`) fails the test.
 */
export async function runToExit(
  fixture: string,
  options: RunToExitOptions = {},
): Promise<{ code: number | null; out: string; err: string; timedOut: boolean }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join('test', 'fixtures', fixture), ...(options.args ?? [])],
    { cwd: root, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  let timedOut = false;
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const timer =
    options.timeoutMs === undefined
      ? undefined
      : setTimeout(() => {
          timedOut = true;
          child.kill('SIGKILL');
        }, options.timeoutMs);
  const [code] = (await once(child, 'exit')) as [number | null];
  clearTimeout(timer);
  return { code, out, err, timedOut };
}
