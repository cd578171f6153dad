import { describe, expect, it } from 'vitest';
import { currentStep, photoItems, photosNext, stepBar, stepIndex } from './flow';
import { caseTokenOf } from './qr';
import type { TApplicationView as ApplicationView } from '@netsign/api';

const app = (over: Partial<ApplicationView>) =>
  ({ status: '待核验', route: 'face', consent: null, missing: [], supplement: null, ...over }) as ApplicationView;
const miss = (...fields: string[]) => fields.map((field) => ({ field, code: 'X', message: field }));

describe('the step an application resumes at, from the server view alone', () => {
  it('4.1: consent, first 人脸识别, documents, photos, 签署, second 人脸识别, submit, done', () => {
    expect(currentStep(app({}))).toBe('consent');
    expect(currentStep(app({ consent: { accepted: true, textVersion: 'v', at: '' } }))).toBe('face-first');
    expect(currentStep(app({ status: '已核验' }))).toBe('read');
    expect(currentStep(app({ status: '已阅读', missing: miss('photos.id_back', 'second') }))).toBe('photos');
    // the e-contract carries the drawn signature: 签署 only once the picture is in
    expect(
      currentStep(app({ status: '已阅读', missing: miss('photos.signature', 'signing.econtract', 'second') })),
    ).toBe('photos');
    expect(currentStep(app({ status: '已阅读', missing: miss('second', 'signing.notice') }))).toBe('sign');
    expect(currentStep(app({ status: '已阅读', missing: miss('second') }))).toBe('face-second');
    expect(currentStep(app({ status: '已阅读', missing: [] }))).toBe('submit');
    for (const status of ['待审核', '已通过', '已驳回'] as const) expect(currentStep(app({ status }))).toBe('done');
  });

  it('refusing consent or 4.2: document entry first, the video last', () => {
    const doc = { route: 'document_video' as const, consent: { accepted: false, textVersion: 'v', at: '' } };
    expect(currentStep(app(doc))).toBe('document');
    expect(currentStep(app({ ...doc, status: '已阅读', missing: miss('photos.handheld', 'video') }))).toBe('photos');
    expect(currentStep(app({ ...doc, status: '已阅读', missing: miss('video', 'signing.econtract') }))).toBe('sign');
    expect(currentStep(app({ ...doc, status: '已阅读', missing: miss('video') }))).toBe('video');
  });

  it('待补正: only what the notary named, then submit again', () => {
    const sup = {
      status: '待补正' as const,
      supplement: { items: ['id_front' as const, 'second_verification' as const], note: '照片模糊' },
    };
    expect(currentStep(app({ ...sup, missing: miss('supplement.id_front', 'supplement.second_verification') }))).toBe(
      'photos',
    );
    expect(currentStep(app({ ...sup, missing: miss('supplement.second_verification') }))).toBe('face-second');
    expect(currentStep(app({ ...sup, missing: [] }))).toBe('submit');
    expect(photoItems(app(sup))).toEqual([
      { kind: 'id_front', redo: true },
      { kind: 'id_back', redo: false },
      { kind: 'signature', redo: false },
    ]);
    expect(
      currentStep(
        app({
          status: '待补正',
          route: 'document_video',
          supplement: { items: ['video'] },
          missing: miss('supplement.video'),
        }),
      ),
    ).toBe('video');
  });

  it("asks for the photos the server lists for this buyer's document: a passport has no back (issue 16 item 7)", () => {
    const passport = app({
      status: '已阅读',
      route: 'document_video',
      photosRequired: ['id_front', 'handheld', 'signature'],
    });
    expect(photoItems(passport).map((i) => i.kind)).toEqual(['id_front', 'handheld', 'signature']);
    expect(photoItems(app({ status: '已阅读', route: 'document_video' })).map((i) => i.kind)).toContain('id_back');
  });

  it("the step bar names the route's stops", () => {
    expect(stepBar('face')).toEqual(['核验身份', '阅读文件', '上传资料', '人脸识别', '完成']);
    expect(stepBar('document_video')[3]).toBe('佐证视频');
    expect(stepIndex('video')).toBe(3);
  });
});

describe('立即扫码 accepts only the case link', () => {
  it('reads the token of a QR link', () => {
    expect(caseTokenOf('https://netsign.example/m/case/AbCdEfGhIjKlMnOpQrStUv_-12')).toBe('AbCdEfGhIjKlMnOpQrStUv_-12');
    expect(caseTokenOf('http://127.0.0.1:3000/m/case/AbCdEfGhIjKlMnOpQrStUv12/')).toBe('AbCdEfGhIjKlMnOpQrStUv12');
    expect(caseTokenOf('https://example.com/pay?x=1')).toBeNull();
    expect(caseTokenOf('/m/case/short')).toBeNull();
  });
});

describe('the button under the photos (issue 16 item 9)', () => {
  it('in a 补正 that asked only for a photo, one click sends the application', () => {
    expect(photosNext(app({ status: '待补正', route: 'document_video', missing: [] }))).toEqual({
      label: '提交资料，完成',
      submits: true,
    });
    expect(photosNext(app({ status: '待补正', route: 'face', missing: [] }))).toEqual({
      label: '提交资料，完成',
      submits: true,
    });
  });

  it('goes on to the next step while anything else is still to do', () => {
    expect(photosNext(app({ status: '待补正', route: 'face', missing: miss('second') }))).toEqual({
      label: '下一步：人脸识别',
      submits: false,
    });
    expect(photosNext(app({ status: '待补正', route: 'document_video', missing: miss('supplement.video') }))).toEqual({
      label: '下一步',
      submits: false,
    });
    expect(photosNext(app({ status: '已阅读', route: 'face', missing: miss('second') }))).toEqual({
      label: '下一步：人脸识别',
      submits: false,
    });
    expect(photosNext(app({ status: '已阅读', route: 'document_video', missing: miss('video') }))).toEqual({
      label: '提交资料，完成',
      submits: false,
    });
  });
});
