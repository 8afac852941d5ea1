import { createHash } from 'node:crypto';

// A fixed namespace for this service's name-based ids (RFC 9562 version 5).
const NAMESPACE = Buffer.from('7c1e6f1e4a0b5d2a9b3c8e4f6a1d2c3b', 'hex');

/**
 * The engagement id is derived from the contract id, so replaying sales.events into empty
 * projections opens the same engagements under the same ids that other services already know.
 */
export function engagementIdForContract(contractId: string): string {
  const hash = createHash('sha1').update(NAMESPACE).update(contractId.toLowerCase()).digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
