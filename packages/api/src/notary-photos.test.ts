import { describe, expect, it } from 'vitest';
import { IDENTITY_DOCUMENT_KINDS } from '@netsign/domain';
import { photoLabel, photosRequired } from './notary';

// Issue 16 item 7: a buyer is asked for the sides their document has.
describe('photos a buyer must upload, by document type', () => {
  it('a passport: its photo page, no back', () => {
    expect(photosRequired('document_video', 'PASSPORT')).toEqual(['id_front', 'handheld', 'signature']);
    expect(photoLabel('id_front', 'PASSPORT')).toContain('照片页');
  });
  it('cards and card permits (港澳/台湾通行证, 永居证, 居住证, 身份证): front and back', () => {
    for (const kind of IDENTITY_DOCUMENT_KINDS.filter((k) => k !== 'PASSPORT')) {
      expect(photosRequired('document_video', kind), kind).toEqual(['id_front', 'id_back', 'handheld', 'signature']);
    }
    expect(photosRequired('face', 'CN_RESIDENT_ID')).toEqual(['id_front', 'id_back', 'signature']);
  });
});
