import {
  concatPcm,
  deinterleavePcm,
  indexOfPcm,
  interleavePcm,
  PcmChunker,
  samplesPerChannelFor,
  sinePcm,
  splitPcm,
  zeroOffsetPcm,
} from 'livekit-rx/operators';

const pcm = (...v: number[]) => Int16Array.from(v);

describe('frames: pure PCM functions', () => {
  it('concatPcm joins chunks (views included) into one array at offset 0', () => {
    const base = pcm(9, 9, 3, 4, 9);
    const out = concatPcm([pcm(1, 2), base.subarray(2, 4), pcm(), pcm(5)]);
    expect(out).toEqual(pcm(1, 2, 3, 4, 5));
    expect(out.byteOffset).toBe(0);
    expect(concatPcm([])).toEqual(pcm());
  });

  it('splitPcm splits interleaved stereo at a sample count per channel', () => {
    const [head, tail] = splitPcm(pcm(1, -1, 2, -2, 3, -3), 1, 2);
    expect(head).toEqual(pcm(1, -1));
    expect(tail).toEqual(pcm(2, -2, 3, -3));
    expect(tail.byteOffset).toBe(0);
    expect(splitPcm(pcm(1, 2), 5)).toEqual([pcm(1, 2), pcm()]);
  });

  it('splitPcm names what is wrong with its arguments', () => {
    expect(() => splitPcm(pcm(1, 2, 3), 1, 2)).toThrow(
      new RangeError('splitPcm: data.length 3 is not a multiple of numChannels 2'),
    );
    expect(() => splitPcm(pcm(1), -1)).toThrow(
      new RangeError('splitPcm: samplesPerChannel must be a non-negative integer, got -1'),
    );
    expect(() => splitPcm(pcm(1), 0, 0)).toThrow(
      new RangeError('splitPcm: numChannels must be a positive integer, got 0'),
    );
  });

  it('interleavePcm and deinterleavePcm are inverses', () => {
    const left = pcm(1, 2, 3);
    const right = pcm(-1, -2, -3);
    const both = interleavePcm([left, right]);
    expect(both).toEqual(pcm(1, -1, 2, -2, 3, -3));
    expect(deinterleavePcm(both, 2)).toEqual([left, right]);
    expect(deinterleavePcm(pcm(1, 2), 1)).toEqual([pcm(1, 2)]);
    expect(interleavePcm([left])).toEqual(left);
    expect(interleavePcm([left])).not.toBe(left);
  });

  it('interleavePcm and deinterleavePcm reject mismatched shapes', () => {
    expect(() => interleavePcm([])).toThrow(new RangeError('interleavePcm: no channels given'));
    expect(() => interleavePcm([pcm(1), pcm(1, 2)])).toThrow(
      new RangeError('interleavePcm: channel 1 has 2 samples, channel 0 has 1'),
    );
    expect(() => deinterleavePcm(pcm(1, 2, 3), 2)).toThrow(
      new RangeError('deinterleavePcm: data.length 3 is not a multiple of numChannels 2'),
    );
  });

  it('zeroOffsetPcm returns offset-0 arrays as they are and copies views', () => {
    const a = pcm(1, 2, 3, 4);
    expect(zeroOffsetPcm(a)).toBe(a);
    const prefix = a.subarray(0, 2); // a view, but at offset 0: rtc-node reads it correctly
    expect(zeroOffsetPcm(prefix)).toBe(prefix);
    const view = a.subarray(2);
    const copy = zeroOffsetPcm(view);
    expect(copy).not.toBe(view);
    expect(copy.byteOffset).toBe(0);
    expect(copy).toEqual(pcm(3, 4));
  });

  it('samplesPerChannelFor gives whole sample counts only', () => {
    expect(samplesPerChannelFor(48000, 10)).toBe(480);
    expect(samplesPerChannelFor(44100, 10)).toBe(441);
    expect(samplesPerChannelFor(16000, 20)).toBe(320);
    expect(samplesPerChannelFor(22050, 10)).toBeUndefined();
    expect(samplesPerChannelFor(48000, 0)).toBeUndefined();
  });

  it('sinePcm continues a wave across calls and repeats it on every channel', () => {
    const whole = sinePcm({
      frequency: 1000,
      sampleRate: 8000,
      samplesPerChannel: 8,
      amplitude: 1000,
    });
    expect(Array.from(whole)).toEqual([0, 707, 1000, 707, 0, -707, -1000, -707]);
    const second = sinePcm({
      frequency: 1000,
      sampleRate: 8000,
      samplesPerChannel: 4,
      amplitude: 1000,
      startSample: 4,
    });
    expect(second).toEqual(whole.subarray(4));
    const stereo = sinePcm({
      frequency: 1000,
      sampleRate: 8000,
      samplesPerChannel: 2,
      amplitude: 1000,
      numChannels: 2,
    });
    expect(Array.from(stereo)).toEqual([0, 0, 707, 707]);
  });

  it('PcmChunker regroups pieces into exact chunks and keeps the remainder', () => {
    const c = new PcmChunker(4);
    expect(c.push(pcm(1, 2, 3))).toEqual([]);
    expect(c.pending).toBe(3);
    expect(c.push(pcm(4, 5, 6, 7, 8, 9, 10, 11, 12, 13))).toEqual([
      pcm(1, 2, 3, 4),
      pcm(5, 6, 7, 8),
      pcm(9, 10, 11, 12),
    ]);
    expect(c.flush(false)).toEqual(pcm(13));
    expect(c.flush(false)).toBeUndefined();
    c.push(pcm(7));
    expect(c.flush(true)).toEqual(pcm(7, 0, 0, 0));
    expect(() => new PcmChunker(0)).toThrow(
      new RangeError('PcmChunker: chunkLength must be a positive integer, got 0'),
    );
  });

  it('PcmChunker hands back an exactly chunk-sized input without copying it', () => {
    const exact = pcm(1, 2, 3, 4);
    expect(new PcmChunker(4).push(exact)[0]).toBe(exact);
  });

  it('indexOfPcm finds PCM inside PCM like String.indexOf', () => {
    expect(indexOfPcm(pcm(0, 0, 0, 5, 6, 7, 0), pcm(5, 6, 7))).toBe(3);
    expect(indexOfPcm(pcm(0, 0, 0, 0), pcm(0, 0))).toBe(0);
    expect(indexOfPcm(pcm(1, 2, 1, 2, 3), pcm(1, 2, 3))).toBe(2);
    expect(indexOfPcm(pcm(5, 6), pcm(6, 7))).toBe(-1);
    expect(indexOfPcm(pcm(5), pcm(5, 6))).toBe(-1);
    expect(indexOfPcm(pcm(1, 2, 1, 2), pcm(1, 2), 1)).toBe(2);
    expect(indexOfPcm(pcm(1, 2), pcm(), 1)).toBe(1);
  });
});
