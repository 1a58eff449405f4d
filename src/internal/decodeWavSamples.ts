import { littleEndianHost } from './littleEndianHost';
import type { WavLayout } from './walkWav';

/**
 * Converts `count` samples of WAV data (`bytes` from index `from`, little-endian, encoded as
 * `layout` says) to int16 into `out` from index `at`:
 * 8-bit unsigned `(u - 128) << 8`; 24 and 32-bit keep their top 16 bits (`floor(x / 2^8)`,
 * `floor(x / 2^16)`); float `round(x * 32768)` clamped to int16 (NaN is 0); 16-bit is copied.
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
