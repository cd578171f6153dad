import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { unframeAwsChunked } from './aws-chunked';

// The framing exactly as the AWS SDK wrote it into s3rver (see blob-store.test.ts): sizes in hex,
// CRLF after each chunk, a zero chunk, the checksum trailer, an empty line.
const frame = (chunks: Buffer[], signed: boolean) =>
  Buffer.concat([
    ...chunks
      .filter((c) => c.length)
      .flatMap((c) => [
        Buffer.from(`${c.length.toString(16)}${signed ? `;chunk-signature=${'a'.repeat(64)}` : ''}\r\n`),
        c,
        Buffer.from('\r\n'),
      ]),
    Buffer.from(`0${signed ? `;chunk-signature=${'b'.repeat(64)}` : ''}\r\nx-amz-checksum-crc32:AZS8LA==\r\n\r\n`),
  ]);

describe('unframeAwsChunked', () => {
  it('gives back the payload of any framed body, signed or not', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 8 }), fc.boolean(), (arrays, signed) => {
        const chunks = arrays.map((a) => Buffer.from(a));
        expect(unframeAwsChunked(frame(chunks, signed))?.equals(Buffer.concat(chunks))).toBe(true);
      }),
    );
  });

  it('reads the very bytes the SDK stored in s3rver', () => {
    const stored = Buffer.from('78\r\n' + 'hello world '.repeat(10) + '\r\n0\r\nx-amz-checksum-crc32:AZS8LA==\r\n\r\n');
    expect(unframeAwsChunked(stored)?.toString()).toBe('hello world '.repeat(10));
  });

  it('says null for anything that is not exactly such framing', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (a) => {
        expect(unframeAwsChunked(Buffer.concat([Buffer.from('%PDF-'), Buffer.from(a)]))).toBeNull();
      }),
    );
    const good = frame([Buffer.from('%PDF-1.7 电子合同')], false);
    expect(unframeAwsChunked(good.subarray(0, good.length - 2))).toBeNull(); // cut short
    expect(unframeAwsChunked(Buffer.concat([good, Buffer.from('x')]))).toBeNull(); // something after
    expect(unframeAwsChunked(Buffer.from('%PDF-1.7\r\n'))).toBeNull();
  });
});
