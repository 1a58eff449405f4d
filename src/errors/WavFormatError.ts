import { LiveKitRxError } from './LiveKitRxError';

/** What about a WAV file was wrong. */
export type WavFormatProblem =
  | 'not-riff'
  | 'not-wave'
  | 'unsupported-container'
  | 'no-fmt'
  | 'bad-fmt'
  | 'unsupported-encoding'
  | 'unsupported-bit-depth'
  | 'unsupported-format'
  | 'no-data'
  | 'truncated'
  | 'too-large';

/** The structured detail of a {@link WavFormatError}. */
export interface WavFormatErrorInfo {
  /** The file's path, or `'<buffer>'` for bytes in memory. */
  readonly source: string;
  /** What was wrong. */
  readonly problem: WavFormatProblem;
  /** The `fmt ` chunk's format code (1 PCM, 3 float, 0xFFFE extensible, ...), once read. */
  readonly formatCode?: number;
  /** The `fmt ` chunk's bits per sample, once read. */
  readonly bitsPerSample?: number;
  /** The `fmt ` chunk's sample rate and channel count, for `'unsupported-format'`. */
  readonly sampleRate?: number;
  readonly numChannels?: number;
  /** The byte offset where the problem was found. */
  readonly offset: number;
}

const ENCODING_NAMES: Partial<Record<number, string>> = { 3: 'float', 6: 'A-law', 7: 'µ-law' };

function problemText(i: WavFormatErrorInfo): string {
  switch (i.problem) {
    case 'not-riff':
      return 'does not start with "RIFF": it is not a WAV file';
    case 'not-wave':
      return 'is a RIFF file but not "WAVE" audio';
    case 'unsupported-container':
      return 'is RIFX (big-endian) or RF64 (over 4 GiB), which are not supported';
    case 'no-fmt':
      return 'has no "fmt " chunk before its audio';
    case 'bad-fmt':
      return 'has an inconsistent "fmt " chunk (channels, rate, block size)';
    case 'unsupported-encoding':
      return `is encoded with format code ${i.formatCode}; only PCM (1), IEEE float (3), A-law (6) and µ-law (7) are read`;
    case 'unsupported-bit-depth':
      return `has ${i.bitsPerSample}-bit ${ENCODING_NAMES[i.formatCode ?? 1] ?? 'PCM'} samples; 8, 16, 24, 32-bit PCM, 32, 64-bit float and 8-bit A-law/µ-law are read`;
    case 'unsupported-format':
      return `is ${i.sampleRate} Hz with ${i.numChannels} channel(s); livekit-rx takes 1 Hz to 384 kHz and 1 to 8 channels`;
    case 'no-data':
      return 'has no "data" chunk';
    case 'truncated':
      return 'ends inside its header';
    case 'too-large':
      return 'would exceed the 4 GiB that a WAV file can hold';
  }
}

/**
 * A WAV file could not be read or written as one: not RIFF/WAVE, a malformed or truncated
 * header, an encoding that is not PCM, float or G.711 (ADPCM, MP3, ...), or more data than a WAV file
 * can hold. Ends the stream; the message says what to do.
 *
 * ```text
 * readWav('notes.txt'):  #          (# = WavFormatError, info.problem = 'not-riff')
 * ```
 *
 * @example
 * ```ts
 * import { readWav, WavFormatError } from 'livekit-rx';
 * readWav('call.wav').subscribe({
 *   error: (err) => {
 *     if (err instanceof WavFormatError && err.info.problem === 'unsupported-encoding') {
 *       console.error(`format code ${err.info.formatCode}: convert the file to PCM first`);
 *     }
 *   },
 * });
 * ```
 */
export class WavFormatError extends LiveKitRxError<WavFormatErrorInfo> {
  /** @param info - Which file, what was wrong, and where. */
  constructor(info: WavFormatErrorInfo) {
    super(
      `${info.source} ${problemText(info)} (at byte ${info.offset}). ` +
        (info.problem === 'too-large'
          ? 'Split the recording into several files.'
          : 'Convert it to 16-bit PCM WAV, e.g. ffmpeg -i in.wav -c:a pcm_s16le out.wav.'),
      info,
    );
  }
}
