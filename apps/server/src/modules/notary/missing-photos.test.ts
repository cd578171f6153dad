import { describe, expect, it } from 'vitest';
import { missingSteps } from './submit-application';
import type { ApplicationRow } from './case-access';

// Issue 16 item 7: what 提交 still asks for follows the buyer's document: a passport has no back.
const photo = { at: '2026-11-29T04:00:00.000Z', accepted: true, sha256: 'a'.repeat(64) };
const signed = {
  signed: Object.fromEntries(
    ['econtract', 'application_form', 'notice'].map((kind, i) => [
      `doc-${i}`,
      { kind, sha256: 'b'.repeat(64), at: photo.at },
    ]),
  ),
};
const application = (photos: Record<string, unknown>) =>
  ({
    status: '已阅读',
    route: 'document_video',
    buyerIndex: 0,
    supplement: null,
    steps: { photos, video: { durationMs: 8000, uploadedAt: '2026-11-29T04:00:00.000Z' }, signing: signed },
  }) as unknown as ApplicationRow;

describe('missing photos by document type', () => {
  it('a passport buyer with photo page, handheld photo and signature has nothing missing', () => {
    const app = application({ id_front: photo, handheld: photo, signature: photo });
    expect(missingSteps(app, 'PASSPORT')).toEqual([]);
  });
  it('a 港澳通行证 buyer still needs the back, named as such', () => {
    const app = application({ id_front: photo, handheld: photo, signature: photo });
    expect(missingSteps(app, 'HK_MO_PERMIT')).toEqual([
      expect.objectContaining({
        field: 'photos.id_back',
        code: 'PHOTO_REQUIRED',
        message: '请上传身份证明文件反面照片',
      }),
    ]);
  });
  it('a passport buyer without the photo page is asked for the photo page', () => {
    const app = application({ handheld: photo, signature: photo });
    expect(missingSteps(app, 'PASSPORT')).toEqual([
      expect.objectContaining({ field: 'photos.id_front', message: '请上传证件个人资料页（照片页）照片' }),
    ]);
  });
  it('提交 needs every document the buyer signs signed (issue 12): each missing one named', () => {
    const app = application({ id_front: photo, handheld: photo, signature: photo });
    (app.steps as any).signing = { signed: { 'doc-0': { kind: 'econtract', sha256: 'b'.repeat(64), at: photo.at } } };
    expect(missingSteps(app, 'PASSPORT')).toEqual([
      { field: 'signing.application_form', code: 'SIGNATURE_REQUIRED', message: '请签署《商品房买卖公证申请表》' },
      { field: 'signing.notice', code: 'SIGNATURE_REQUIRED', message: '请签署《商品房买卖合同公证告知》' },
    ]);
    // a 补正 does not ask for it again: signing is done once, before the first 提交
    expect(missingSteps({ ...app, status: '待补正', supplement: { items: [] } } as ApplicationRow, 'PASSPORT')).toEqual(
      [],
    );
  });
});
