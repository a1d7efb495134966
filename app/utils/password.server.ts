import { hash, verify } from "@node-rs/argon2";

// argon2id at the OWASP floor (QUALITY.md): 19 MiB, 2 iterations, 1 lane. `algorithm: 2` is
// Algorithm.Argon2id (a const enum the bundler cannot import).
const OPTIONS = { algorithm: 2, memoryCost: 19 * 1024, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (password: string) => hash(password, OPTIONS);

export async function verifyPassword(passwordHash: string, password: string) {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | undefined;
/** Spends the same time as a real check so response time does not reveal unknown accounts. */
export async function burnPasswordCheck(password: string) {
  dummy ??= hashPassword("not-a-real-account-password");
  await verifyPassword(await dummy, password);
}
