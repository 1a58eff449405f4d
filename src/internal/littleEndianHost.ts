/**
 * Whether this machine stores numbers little-endian, as WAV files do (then int16 samples are
 * copied byte for byte; else swapped).
 * @internal
 */
export const littleEndianHost = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;
