/**
 * The 44-byte header of a 16-bit PCM WAV file: RIFF, `fmt ` (format 1), and the `data` chunk
 * header. `dataBytes` undefined writes the 0xFFFFFFFF "size unknown" placeholder in both sizes
 * (what a streaming writer leaves until it patches them; readers then read to the end).
 * @internal
 */
export function wavHeader(
  sampleRate: number,
  numChannels: number,
  dataBytes: number | undefined,
): Uint8Array {
  const header = new Uint8Array(44);
  const view = new DataView(header.buffer);
  const ascii = (at: number, text: string): void => {
    for (let i = 0; i < 4; i++) header[at + i] = text.charCodeAt(i);
  };
  ascii(0, 'RIFF');
  view.setUint32(4, dataBytes === undefined ? 0xffffffff : 36 + dataBytes, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, numChannels, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * numChannels * 2, true); // byte rate
  view.setUint16(32, numChannels * 2, true); // block align
  view.setUint16(34, 16, true); // bits per sample
  ascii(36, 'data');
  view.setUint32(40, dataBytes ?? 0xffffffff, true);
  return header;
}
