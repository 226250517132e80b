// Discord signs every interaction it POSTs to an HTTP endpoint: X-Signature-Ed25519 is the Ed25519 signature, in
// hex, of X-Signature-Timestamp followed by the raw body, made with the application's key; the Developer Portal shows
// its public half (DISCORD_PUBLIC_KEY, 32 bytes as 64 hex digits). node:crypto verifies it. A timestamp more than
// TIMESTAMP_TOLERANCE_S away from this host's clock is refused too, so a captured request cannot be replayed later.
import { createPublicKey, verify, type KeyObject } from 'node:crypto';

/** How far (seconds, either way) a request's timestamp may be from this host's clock. */
export const TIMESTAMP_TOLERANCE_S = 300;

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

/** The application's public key from its 64 hex digits (as an Ed25519 JWK: x is the raw key, base64url). */
export function interactionPublicKey(hex: string): KeyObject {
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(hex, 'hex').toString('base64url') }, format: 'jwk' });
}

export function checkSignature(
  key: KeyObject,
  signature: string | undefined,
  timestamp: string | undefined,
  body: Buffer,
  nowMs: number,
): SignatureCheck {
  if (signature === undefined || timestamp === undefined) return { ok: false, reason: 'missing signature headers' };
  if (!/^[0-9a-f]{128}$/i.test(signature)) return { ok: false, reason: 'malformed signature' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'malformed timestamp' };
  if (!verify(null, Buffer.concat([Buffer.from(timestamp), body]), key, Buffer.from(signature, 'hex'))) {
    return { ok: false, reason: 'bad signature' };
  }
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > TIMESTAMP_TOLERANCE_S) return { ok: false, reason: 'stale timestamp' };
  return { ok: true };
}
