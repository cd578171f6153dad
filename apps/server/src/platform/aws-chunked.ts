/**
 * Reads the payload out of an object that an older netsign stored in the AWS SDK's `aws-chunked`
 * framing (issue 9): `<hex size>[;chunk-signature=…]\r\n<bytes>\r\n` … `0\r\n<trailers>\r\n`.
 * Returns null unless the whole buffer is such framing. The caller still checks the SHA-256.
 */
export function unframeAwsChunked(framed: Buffer): Buffer | null {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const eol = framed.indexOf('\r\n', at);
    if (eol < 0 || eol - at > 200) return null;
    const header = framed.subarray(at, eol).toString('latin1');
    const m = /^([0-9a-fA-F]{1,16})(;chunk-signature=[0-9a-f]{64})?$/.exec(header);
    if (!m) return null;
    const size = parseInt(m[1], 16);
    at = eol + 2;
    if (size === 0) break;
    if (at + size + 2 > framed.length || framed[at + size] !== 0x0d || framed[at + size + 1] !== 0x0a) return null;
    parts.push(framed.subarray(at, at + size));
    at += size + 2;
  }
  // trailers (`x-amz-checksum-crc32:…`), each on its line, then an empty line and nothing after
  for (;;) {
    const eol = framed.indexOf('\r\n', at);
    if (eol < 0) return null;
    const line = framed.subarray(at, eol).toString('latin1');
    at = eol + 2;
    if (line === '') return at === framed.length ? Buffer.concat(parts) : null;
    if (!/^[a-z0-9-]+:[^\r\n]*$/i.test(line)) return null;
  }
}
