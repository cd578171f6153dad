// ASiC-E with CAdES as an auditor checks it: ZIP tools we did not write open the container and
// find `mimetype` first and stored; openssl verifies the manifest's signature; our verifier
// passes it untouched and names each forgery — a changed byte, a removed file, an added file,
// a manifest edited or re-signed by another key, a time-stamp of another signature.
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { unzipSync, zipSync, type Zippable } from 'fflate';
import { createRootCa, issueOrganisationCertificate, type Credential } from '../pki/keys.ts';
import { credentialSigner } from '../pki/signer.ts';
import { createTimestampAuthority, localTimestamper, type TimestampFn } from '../pki/tsa.ts';
import { run } from '../testing/tools.ts';
import { readManifest, writeManifest, SHA256_METHOD } from './asic-manifest.ts';
import { ASICE_MIMETYPE, MANIFEST_PATH, SIGNATURE_PATH, writeAsice, type AsiceFile } from './asice.ts';
import { signDetachedCades } from './cades.ts';
import { verifyAsice } from './verify-asice.ts';

let ca: Credential, notary: Credential, tsa: TimestampFn, zip: Buffer;
const frame = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(4000, 7), Buffer.from([0xff, 0xd9])]);
const files: AsiceFile[] = [
  {
    path: 'case/case.json',
    data: Buffer.from(JSON.stringify({ businessNo: 'WQ202611245830173', 买受人: '张明' })),
    mimeType: 'application/json',
  },
  { path: 'buyers/1/face/first/frame-01.jpg', data: frame, mimeType: 'image/jpeg' },
  {
    path: 'documents/certificate.pdf',
    data: Buffer.from('%PDF-1.7\n% a stand-in\n%%EOF\n'),
    mimeType: 'application/pdf',
  },
];
const sign =
  (cred: Credential, stamp: TimestampFn | null = tsa) =>
  (m: Buffer) =>
    signDetachedCades(m, credentialSigner(cred), stamp ?? undefined);
const tmp = () => mkdtempSync(join(tmpdir(), 'asice-'));

beforeAll(async () => {
  ca = await createRootCa();
  const [n, t] = await Promise.all([
    issueOrganisationCertificate(ca, { name: '广东省中山市公证处', kind: 'notary', uscc: '12442000455900123X' }),
    issueOrganisationCertificate(ca, { name: 'netsign', kind: 'tsa' }),
  ]);
  notary = n;
  tsa = localTimestamper(createTimestampAuthority(t));
  zip = (await writeAsice(files, sign(notary))).zip;
});

/** The container's entries in order, each as given to fflate again (method kept). */
function entries(z: Buffer): [string, Uint8Array][] {
  return Object.entries(unzipSync(z));
}
function rezip(list: [string, Uint8Array][]): Buffer {
  const z: Zippable = {};
  for (const [name, data] of list) z[name] = [data, { level: name === 'mimetype' || name.endsWith('.jpg') ? 0 : 6 }];
  return Buffer.from(zipSync(z));
}
const codes = async (z: Buffer) => (await verifyAsice(z, { trustedRoots: [ca.certPem] })).problems.map((p) => p.code);

describe('the container', () => {
  it('begins with mimetype, stored, without extra field: the media type at offsets 30 and 38 (IANA)', () => {
    expect(zip.readUInt32LE(0)).toBe(0x04034b50);
    expect(zip.readUInt16LE(8)).toBe(0); // stored
    expect(zip.readUInt16LE(28)).toBe(0); // no extra field
    expect(zip.toString('latin1', 30, 38)).toBe('mimetype');
    expect(zip.toString('latin1', 38, 38 + ASICE_MIMETYPE.length)).toBe(ASICE_MIMETYPE);
    expect(entries(zip).map(([n]) => n)).toEqual([
      'mimetype',
      ...files.map((f) => f.path),
      MANIFEST_PATH,
      SIGNATURE_PATH,
    ]);
  });

  it('opens in unzip and in Python zipfile, every file as written', () => {
    const dir = tmp();
    const file = join(dir, 'case.asice');
    writeFileSync(file, zip);
    const t = run('unzip', ['-t', file]);
    expect(t.code, t.out + t.err).toBe(0);
    expect(t.out).toContain('No errors detected');
    const py = run('python3', [
      '-c',
      [
        'import sys, zipfile, hashlib, json',
        'z = zipfile.ZipFile(sys.argv[1])',
        'assert z.testzip() is None',
        'print(json.dumps([[i.filename, i.compress_type, hashlib.sha256(z.read(i)).hexdigest()] for i in z.infolist()]))',
      ].join('\n'),
      file,
    ]);
    expect(py.code, py.err).toBe(0);
    const listed = JSON.parse(py.out) as [string, number, string][];
    expect(listed[0]).toEqual(['mimetype', 0, createHash('sha256').update(ASICE_MIMETYPE).digest('hex')]);
    for (const f of files)
      expect(listed.find(([n]) => n === f.path)?.[2]).toBe(createHash('sha256').update(f.data).digest('hex'));
  });

  it('lists every file in META-INF/ASiCManifest.xml with its SHA-256, and names the signature', () => {
    const manifest = readManifest(Buffer.from(unzipSync(zip)[MANIFEST_PATH]));
    expect(manifest.signature.path).toBe(SIGNATURE_PATH);
    expect(manifest.references.map((r) => [r.path, r.digestMethod, r.digest.toString('hex')])).toEqual(
      files.map((f) => [f.path, SHA256_METHOD, createHash('sha256').update(f.data).digest('hex')]),
    );
  });

  it('has a detached CAdES signature of the manifest that openssl cms verifies against the root', () => {
    const dir = tmp();
    const all = unzipSync(zip);
    writeFileSync(join(dir, 'sig.p7s'), all[SIGNATURE_PATH]);
    writeFileSync(join(dir, 'manifest.xml'), all[MANIFEST_PATH]);
    writeFileSync(join(dir, 'root.pem'), ca.certPem);
    const ok = run('openssl', [
      'cms',
      '-verify',
      '-binary',
      '-inform',
      'DER',
      '-in',
      join(dir, 'sig.p7s'),
      '-content',
      join(dir, 'manifest.xml'),
      '-CAfile',
      join(dir, 'root.pem'),
      '-purpose',
      'any',
      '-out',
      '/dev/null',
    ]);
    expect(ok.code, ok.err).toBe(0);
    writeFileSync(join(dir, 'manifest.xml'), Buffer.concat([Buffer.from(all[MANIFEST_PATH]), Buffer.from(' ')]));
    const bad = run('openssl', [
      'cms',
      '-verify',
      '-binary',
      '-inform',
      'DER',
      '-in',
      join(dir, 'sig.p7s'),
      '-content',
      join(dir, 'manifest.xml'),
      '-CAfile',
      join(dir, 'root.pem'),
      '-purpose',
      'any',
      '-out',
      '/dev/null',
    ]);
    expect(bad.code).not.toBe(0);
  });

  it('refuses paths a ZIP tool could place elsewhere, and a second file at one path', async () => {
    for (const path of ['../x', '/abs', 'a\\b', 'META-INF/x.xml', 'mimetype', '123', 'a//b', '名字.txt']) {
      await expect(
        writeAsice([{ path, data: Buffer.from('x'), mimeType: 'text/plain' }], sign(notary)),
      ).rejects.toThrow(/not a container path/);
    }
    await expect(writeAsice([files[0], files[0]], sign(notary))).rejects.toThrow(/two files/);
  });
});

describe('verifyAsice', () => {
  it('passes the container as written: every file intact, signer and time-stamp trusted', async () => {
    const r = await verifyAsice(zip, { trustedRoots: [ca.certPem] });
    expect(r.problems).toEqual([]);
    expect(r.valid).toBe(true);
    expect(r.files.map((f) => [f.path, f.status])).toEqual(files.map((f) => [f.path, 'intact']));
    expect(r.signature?.signer).toMatchObject({
      commonName: '广东省中山市公证处',
      role: 'notary',
      organisationId: 'NTRCN-12442000455900123X',
    });
    expect(r.signature?.timestamp?.trusted).toBe(true);
  });

  it('names a frame with one byte changed', async () => {
    // the frame is stored: its bytes sit in the ZIP as they are; change one in place
    const at = zip.indexOf(frame);
    expect(at).toBeGreaterThan(0);
    const forged = Buffer.from(zip);
    forged[at + 100] ^= 1;
    const r = await verifyAsice(forged, { trustedRoots: [ca.certPem] });
    expect(r.valid).toBe(false);
    expect(r.problems.map((p) => [p.code, p.en])).toEqual([
      ['FILE_CHANGED', 'file changed: buyers/1/face/first/frame-01.jpg (its digest differs from the signed manifest)'],
    ]);
  });

  it('names a file removed and a file added', async () => {
    const list = entries(zip);
    expect(await codes(rezip(list.filter(([n]) => n !== 'documents/certificate.pdf')))).toEqual(['FILE_MISSING']);
    const added = rezip([...list.slice(0, -2), ['buyers/1/face/first/frame-02.jpg', frame], ...list.slice(-2)]);
    const r = await verifyAsice(added, { trustedRoots: [ca.certPem] });
    expect(r.problems.map((p) => p.en)).toEqual([
      'file added: buyers/1/face/first/frame-02.jpg (not in the signed manifest)',
    ]);
  });

  it('names a manifest edited to match a changed file', async () => {
    const list = entries(zip);
    const changed = Buffer.from(frame);
    changed[10] ^= 1;
    const manifest = writeManifest({
      ...readManifest(Buffer.from(unzipSync(zip)[MANIFEST_PATH])),
      references: readManifest(Buffer.from(unzipSync(zip)[MANIFEST_PATH])).references.map((r) =>
        r.path.endsWith('.jpg') ? { ...r, digest: createHash('sha256').update(changed).digest() } : r,
      ),
    });
    const forged = rezip(list.map(([n, d]) => [n, n.endsWith('.jpg') ? changed : n === MANIFEST_PATH ? manifest : d]));
    expect(await codes(forged)).toEqual(['MANIFEST_CHANGED']);
  });

  it('names a manifest re-signed by another key: not trusted, or not chaining to the roots', async () => {
    const other = await createRootCa({ name: '伪造的根证书' });
    const forger = await issueOrganisationCertificate(other, {
      name: '广东省中山市公证处',
      kind: 'notary',
      uscc: '12442000455900123X',
    });
    const list = entries(zip).filter(([n]) => n !== 'documents/certificate.pdf');
    const refs = readManifest(Buffer.from(unzipSync(zip)[MANIFEST_PATH])).references.filter(
      (r) => r.path !== 'documents/certificate.pdf',
    );
    const manifest = writeManifest({
      signature: { path: SIGNATURE_PATH, mimeType: 'application/pkcs7-signature' },
      references: refs,
    });
    const signature = await signDetachedCades(manifest, credentialSigner(forger), tsa);
    const forged = rezip(
      list.map(([n, d]) => [n, n === MANIFEST_PATH ? manifest : n === SIGNATURE_PATH ? signature : d]),
    );
    const r = await verifyAsice(forged, { trustedRoots: [ca.certPem] });
    expect(r.problems.map((p) => p.code)).toEqual(['UNTRUSTED']);
    expect(r.signature?.trusted).toBe(false);
  });

  it('names a missing or foreign time-stamp', async () => {
    expect(await codes((await writeAsice(files, sign(notary, null))).zip)).toEqual(['TIMESTAMP_MISSING']);
    // a token over another signature value, put in by hand
    const stamp: TimestampFn = async () => tsa(createHash('sha256').update('another signature').digest());
    const r = await verifyAsice((await writeAsice(files, sign(notary, stamp))).zip, { trustedRoots: [ca.certPem] });
    expect(r.problems.map((p) => [p.code, p.en])).toEqual([
      ['TIMESTAMP_INVALID', "the manifest signature's time-stamp is not valid: time-stamp is for another signature"],
    ]);
  });

  it('names a mimetype that is compressed, missing or not first', async () => {
    const list = entries(zip);
    const compressed: Zippable = {};
    for (const [n, d] of list) compressed[n] = [d, { level: n === 'mimetype' ? 9 : 0 }];
    // a long enough value that deflate actually compresses it is not needed: fflate marks it deflated
    expect((await codes(Buffer.from(zipSync(compressed)))).filter((c) => c === 'MIMETYPE')).toEqual(['MIMETYPE']);
    expect(await codes(rezip(list.filter(([n]) => n !== 'mimetype')))).toEqual(['MIMETYPE']);
    expect(await codes(rezip([list[1], list[0], ...list.slice(2)]))).toEqual(['MIMETYPE']);
  });

  it('says what it cannot read instead of throwing', async () => {
    expect(await codes(Buffer.from('not a zip at all'))).toEqual(['NOT_A_ZIP']);
    const list = entries(zip);
    expect(await codes(rezip(list.filter(([n]) => n !== SIGNATURE_PATH)))).toEqual(['SIGNATURE_MISSING']);
    const garbled = rezip(list.map(([n, d]) => [n, n === MANIFEST_PATH ? Buffer.from('<html/>') : d]));
    expect(await codes(garbled)).toEqual(['MANIFEST_UNREADABLE', 'MANIFEST_CHANGED', ...files.map(() => 'FILE_ADDED')]);
  });
});

describe('the manifest reader', () => {
  it('reads another writer’s prefixes and percent-encoded names', () => {
    const xml = `<?xml version="1.0"?>\n<ASiCManifest xmlns="http://uri.etsi.org/02918/v1.2.1#" xmlns:ns2="http://www.w3.org/2000/09/xmldsig#">
      <SigReference URI="META-INF/signature001.p7s" MimeType="application/x-pkcs7-signature"/>
      <DataObjectReference URI="%E5%90%88%E5%90%8C.pdf" MimeType="application/pdf">
        <ns2:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/>
        <ns2:DigestValue>${createHash('sha256').update('x').digest('base64')}</ns2:DigestValue>
      </DataObjectReference>
    </ASiCManifest>`;
    const m = readManifest(Buffer.from(xml));
    expect(m.signature.path).toBe('META-INF/signature001.p7s');
    expect(m.references[0]).toMatchObject({ path: '合同.pdf', mimeType: 'application/pdf' });
  });

  it('refuses what is not an ASiC manifest', () => {
    expect(() =>
      readManifest(Buffer.from('<ASiCManifest xmlns="urn:other"><SigReference URI="s"/></ASiCManifest>')),
    ).toThrow(/namespace/);
    expect(() => readManifest(Buffer.from('<!DOCTYPE x [<!ENTITY a "b">]><ASiCManifest/>'))).toThrow(/DOCTYPE/);
    expect(() =>
      readManifest(
        Buffer.from(
          `<a:ASiCManifest xmlns:a="http://uri.etsi.org/02918/v1.2.1#"><a:SigReference URI="s"/><a:DataObjectReference URI="x"></a:DataObjectReference></a:ASiCManifest>`,
        ),
      ),
    ).toThrow(/DigestMethod/);
  });
});
