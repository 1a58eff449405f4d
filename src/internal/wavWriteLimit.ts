/**
 * The most audio bytes {@link writeWav} puts in one file: a RIFF size field holds
 * `36 + data bytes` in 32 bits. A seam for tests, which lower it instead of writing 4 GiB.
 * @internal
 */
export const wavWriteLimit = { maxDataBytes: 0xffffffff - 36 };
