import { hash, verify } from '@node-rs/argon2';

// argon2id with the OWASP-recommended memory cost: slow for an attacker, ~50 ms for us.
const OPTIONS = { algorithm: 2 /* Argon2id */, memoryCost: 19456, timeCost: 2, parallelism: 1 };

export const hashPassword = (plain: string) => hash(plain, OPTIONS);
export const verifyPassword = (stored: string, plain: string) => verify(stored, plain).catch(() => false);

// a hash nobody's password matches: checked when there is no stored hash (unknown user, unknown
// 业务号), so a wrong name takes as long as a wrong password
let dummyHash: Promise<string> | undefined;

/** Checks `plain` against `stored`, or does the same work and says no when there is nothing stored. */
export async function verifyOrDummy(stored: string | null | undefined, plain: string): Promise<boolean> {
  const good = await verifyPassword(
    stored ?? (await (dummyHash ??= hashPassword(`no-such-password-${Math.random()}`))),
    plain,
  );
  return Boolean(stored) && good;
}
