import {
  WavFormatError,
  type WavFormatErrorInfo,
  type WavFormatProblem,
} from '../errors/WavFormatError';
import { FRAME_LIMITS } from './frameLimits';

/** What of the `fmt ` chunk a {@link WavFormatError} reports. */
type WavFmtDetail = Pick<
  WavFormatErrorInfo,
  'formatCode' | 'bitsPerSample' | 'sampleRate' | 'numChannels'
>;

/** Where a WAV file's audio is and how it is encoded. */
export interface WavLayout {
  readonly sampleRate: number;
  readonly numChannels: number;
  readonly encoding: 'pcm' | 'float' | 'alaw' | 'mulaw';
  /** Bits of one sample's container (8, 16, 24, 32, or 64 for float). */
  readonly bitsPerSample: number;
  /** Bytes of one sample frame (every channel). */
  readonly blockAlign: number;
  /** Byte offset of the first sample. */
  readonly dataOffset: number;
  /** Bytes of audio the header declares, or undefined for the 0xFFFFFFFF "unknown" placeholder. */
  readonly dataBytes: number | undefined;
}

/** A read the walk needs: `length` bytes at `position` (fewer at the end of the file). */
export interface WavRead {
  readonly position: number;
  readonly length: number;
}

const ascii = (b: Uint8Array, at: number): string =>
  String.fromCharCode(b[at] ?? 0, b[at + 1] ?? 0, b[at + 2] ?? 0, b[at + 3] ?? 0);
const u16 = (b: Uint8Array, at: number): number => (b[at] ?? 0) | ((b[at + 1] ?? 0) << 8);
const u32 = (b: Uint8Array, at: number): number => (u16(b, at) + u16(b, at + 2) * 65536) >>> 0;

/**
 * Walks a WAV file's RIFF chunks to its `data` chunk, reading only what it needs: the 12-byte
 * RIFF header, each chunk's 8-byte header and the `fmt ` chunk (other chunks, such as a large
 * `LIST` of metadata, are skipped by position). A generator that yields the reads it needs and
 * returns the layout, so the same walk runs over bytes in memory (synchronously) and over a file
 * handle (asynchronously). Throws a {@link WavFormatError} for anything but PCM/float RIFF WAVE.
 * @internal
 */
export function* walkWav(source: string): Generator<WavRead, WavLayout, Uint8Array> {
  const fail = (
    problem: WavFormatProblem,
    offset: number,
    fmt: WavFmtDetail = {},
  ): WavFormatError => new WavFormatError({ source, problem, offset, ...fmt });

  const riff = yield { position: 0, length: 12 };
  const container = ascii(riff, 0);
  if (container === 'RIFX' || container === 'RF64') throw fail('unsupported-container', 0);
  if (riff.length < 4 || container !== 'RIFF') {
    throw fail('RIFF'.startsWith(container.slice(0, riff.length)) ? 'truncated' : 'not-riff', 0);
  }
  if (riff.length < 12) throw fail('truncated', riff.length);
  if (ascii(riff, 8) !== 'WAVE') throw fail('not-wave', 8);

  let format: Omit<WavLayout, 'dataOffset' | 'dataBytes'> | undefined;
  let position = 12;
  for (;;) {
    const header = yield { position, length: 8 };
    if (header.length === 0) throw fail(format ? 'no-data' : 'no-fmt', position);
    if (header.length < 8) throw fail('truncated', position + header.length);
    const id = ascii(header, 0);
    const size = u32(header, 4);
    if (id === 'fmt ') {
      if (size < 16) throw fail('bad-fmt', position);
      const want = Math.min(size, 40);
      const body = yield { position: position + 8, length: want };
      if (body.length < want) throw fail('truncated', position + 8 + body.length);
      format = readFmt(body, size, (problem, f) => fail(problem, position + 8, f));
    } else if (id === 'data') {
      if (format === undefined) throw fail('no-fmt', position);
      return {
        ...format,
        dataOffset: position + 8,
        dataBytes: size === 0xffffffff ? undefined : size,
      };
    }
    position += 8 + size + (size & 1);
  }
}

/** The encodings read, by `fmt ` format code (G.711 A-law 6 and µ-law 7, as telephony records). */
const ENCODINGS: Partial<Record<number, WavLayout['encoding']>> = {
  1: 'pcm',
  3: 'float',
  6: 'alaw',
  7: 'mulaw',
};
const DEPTHS: Record<WavLayout['encoding'], readonly number[]> = {
  pcm: [8, 16, 24, 32],
  float: [32, 64],
  alaw: [8],
  mulaw: [8],
};

function readFmt(
  body: Uint8Array,
  size: number,
  fail: (problem: WavFormatProblem, fmt: WavFmtDetail) => WavFormatError,
): Omit<WavLayout, 'dataOffset' | 'dataBytes'> {
  let formatCode = u16(body, 0);
  const numChannels = u16(body, 2);
  const sampleRate = u32(body, 4);
  const blockAlign = u16(body, 12);
  const bitsPerSample = u16(body, 14);
  if (formatCode === 0xfffe) {
    // WAVE_FORMAT_EXTENSIBLE: the real format is the first two bytes of the SubFormat GUID.
    if (size < 40) throw fail('bad-fmt', { formatCode, bitsPerSample });
    formatCode = u16(body, 24);
  }
  const encoding = ENCODINGS[formatCode];
  if (encoding === undefined) throw fail('unsupported-encoding', { formatCode, bitsPerSample });
  const depths = DEPTHS[encoding];
  if (!depths.includes(bitsPerSample)) {
    throw fail('unsupported-bit-depth', { formatCode, bitsPerSample });
  }
  if (numChannels < 1 || sampleRate < 1 || blockAlign !== (numChannels * bitsPerSample) / 8) {
    throw fail('bad-fmt', { formatCode, bitsPerSample });
  }
  // The frames it would make must be ones the operators take (FRAME_LIMITS): a header that says
  // 4 GHz or 65535 channels would otherwise size gigantic frames.
  if (sampleRate > FRAME_LIMITS.maxSampleRate || numChannels > FRAME_LIMITS.maxChannels) {
    throw fail('unsupported-format', { formatCode, bitsPerSample, sampleRate, numChannels });
  }
  return { sampleRate, numChannels, encoding, bitsPerSample, blockAlign };
}
