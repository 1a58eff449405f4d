import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh temporary folder per test file, removed after it: `dir.path('x.wav')`. */
export function useTempDir(): { path: (name: string) => string } {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'livekit-rx-wav-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return { path: (name) => join(dir, name) };
}

/** The number of file descriptors this process has open (Linux: /proc/self/fd). */
export function openFds(): number {
  return readdirSync('/proc/self/fd').length;
}

/** A RIFF chunk: id, little-endian size, body, and the pad byte of an odd size. */
export function chunk(id: string, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(8 + body.length + (body.length % 2));
  const view = new DataView(out.buffer);
  for (let i = 0; i < 4; i++) out[i] = id.charCodeAt(i);
  view.setUint32(4, body.length, true);
  out.set(body, 8);
  return out;
}

/** A `fmt ` chunk body (16 bytes, or 40 for WAVE_FORMAT_EXTENSIBLE with `subFormat`). */
export function fmtBody(
  format: number,
  channels: number,
  rate: number,
  bits: number,
  subFormat?: number,
): Uint8Array {
  const body = new Uint8Array(subFormat === undefined ? 16 : 40);
  const view = new DataView(body.buffer);
  const blockAlign = (channels * bits) / 8;
  view.setUint16(0, format, true);
  view.setUint16(2, channels, true);
  view.setUint32(4, rate, true);
  view.setUint32(8, rate * blockAlign, true);
  view.setUint16(12, blockAlign, true);
  view.setUint16(14, bits, true);
  if (subFormat !== undefined) {
    view.setUint16(16, 22, true);
    view.setUint16(18, bits, true);
    view.setUint16(24, subFormat, true);
  }
  return body;
}

/** A RIFF WAVE file from chunks (`riffSize` overrides the RIFF size field). */
export function riffWave(chunks: Uint8Array[], container = 'RIFF', riffSize?: number): Uint8Array {
  const length = 12 + chunks.reduce((n, c) => n + c.length, 0);
  const out = new Uint8Array(length);
  const view = new DataView(out.buffer);
  for (let i = 0; i < 4; i++) out[i] = container.charCodeAt(i);
  view.setUint32(4, riffSize ?? length - 8, true);
  for (let i = 0; i < 4; i++) out[8 + i] = 'WAVE'.charCodeAt(i);
  let at = 12;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** Little-endian bytes of int16 samples. */
export function int16Bytes(samples: number[]): Uint8Array {
  const out = new Uint8Array(samples.length * 2);
  const view = new DataView(out.buffer);
  samples.forEach((s, i) => view.setInt16(i * 2, s, true));
  return out;
}
