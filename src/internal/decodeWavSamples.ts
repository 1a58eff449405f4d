import { littleEndianHost } from './littleEndianHost';
import type { WavLayout } from './walkWav';

/**
 * Converts `count` samples of WAV data (`bytes` from index `from`, little-endian, encoded as
 * `layout` says) to int16 into `out` from index `at`:
 * 8-bit unsigned `(u - 128) << 8`; 24 and 32-bit keep their top 16 bits (`floor(x / 2^8)`,
 * `floor(x / 2^16)`); float `round(x * 32768)` clamped to int16 (NaN is 0); 16-bit is copied;
 * G.711 A-law and µ-law through the ITU-T reference expansion (a 256-entry table each).
 * @internal
 */
export function decodeWavSamples(
  bytes: Uint8Array,
  from: number,
  out: Int16Array,
  at: number,
  count: number,
  layout: Pick<WavLayout, 'encoding' | 'bitsPerSample'>,
): void {
  const bits = layout.bitsPerSample;
  if (layout.encoding === 'pcm' && bits === 16 && littleEndianHost) {
    new Uint8Array(out.buffer, out.byteOffset + at * 2, count * 2).set(
      bytes.subarray(from, from + count * 2),
    );
    return;
  }
  if (layout.encoding === 'alaw' || layout.encoding === 'mulaw') {
    const table =
      layout.encoding === 'alaw'
        ? (aLaw ??= g711Table(expandALaw))
        : (muLaw ??= g711Table(expandMuLaw));
    for (let i = at, p = from, end = at + count; i < end; i++, p++) {
      out[i] = table[bytes[p] as number] as number;
    }
    return;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = at + count;
  let p = from;
  if (layout.encoding === 'float') {
    for (let i = at; i < end; i++, p += bits / 8) {
      const x = bits === 32 ? view.getFloat32(p, true) : view.getFloat64(p, true);
      const v = Math.round(x * 32768);
      out[i] = v > 32767 ? 32767 : v < -32768 ? -32768 : v || 0;
    }
    return;
  }
  switch (bits) {
    case 8:
      for (let i = at; i < end; i++, p++) out[i] = ((bytes[p] as number) - 128) << 8;
      return;
    case 16:
      for (let i = at; i < end; i++, p += 2) out[i] = view.getInt16(p, true);
      return;
    case 24:
      for (let i = at; i < end; i++, p += 3) out[i] = view.getInt16(p + 1, true);
      return;
    default: // 32
      for (let i = at; i < end; i++, p += 4) out[i] = view.getInt16(p + 2, true);
  }
}

let aLaw: Int16Array | undefined;
let muLaw: Int16Array | undefined;

const g711Table = (expand: (code: number) => number): Int16Array =>
  Int16Array.from({ length: 256 }, (_, code) => expand(code));

/** G.711 A-law code to linear PCM (ITU-T G.711, as in its reference `alaw2linear`). */
function expandALaw(code: number): number {
  const a = code ^ 0x55;
  const segment = (a & 0x70) >> 4;
  let t = (a & 0x0f) << 4;
  if (segment === 0) t += 8;
  else t = (t + 0x108) << (segment - 1);
  return a & 0x80 ? t : -t;
}

/** G.711 µ-law code to linear PCM (ITU-T G.711, as in its reference `ulaw2linear`). */
function expandMuLaw(code: number): number {
  const u = ~code & 0xff;
  const t = (((u & 0x0f) << 3) + 0x84) << ((u & 0x70) >> 4);
  return u & 0x80 ? 0x84 - t : t - 0x84;
}
