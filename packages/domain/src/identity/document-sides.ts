import type { TIdentityDocumentKind } from './documents';

/**
 * Which sides of each identity document carry information, so a buyer is asked only for what the
 * document has: a passport has one photo page (the MRZ page); the cards and the card-type permits
 * (港澳/台湾通行证 since 2014/2015, 永居证, 居住证, 身份证) have a front and a back.
 */
export const DOCUMENT_SIDES: Record<TIdentityDocumentKind, readonly ('front' | 'back')[]> = {
  CN_RESIDENT_ID: ['front', 'back'],
  PASSPORT: ['front'],
  HK_MO_PERMIT: ['front', 'back'],
  TW_PERMIT: ['front', 'back'],
  FOREIGN_PR_CARD: ['front', 'back'],
  HMT_RESIDENCE_PERMIT: ['front', 'back'],
};

/** Whether the document has a back to photograph (an unknown kind: ask for both, as before). */
export function documentHasBack(kind: string | undefined): boolean {
  const sides = DOCUMENT_SIDES[kind as TIdentityDocumentKind];
  return sides ? sides.includes('back') : true;
}
