import { hash, verify } from '@node-rs/argon2';

// argon2id with the OWASP-recommended memory cost: slow for an attacker, ~50 ms for us.
const OPTIONS = { algorithm: 2 /* Argon2id */, memoryCost: 19456, timeCost: 2, parallelism: 1 };

export const hashPassword = (plain: string) => hash(plain, OPTIONS);
export const verifyPassword = (stored: string, plain: string) => verify(stored, plain).catch(() => false);
