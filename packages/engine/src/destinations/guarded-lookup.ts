import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { refusedAddress, type AddressAllowList } from './address-policy.ts';

export const REFUSED_ADDRESS = 'ERR_SEGFLOW_REFUSED_ADDRESS';

/** The error for an address the allow list does not permit; never retried. */
export function refusedAddressError(host: string, reasons: string[]): Error {
  const error = new Error(`"${host}" resolves to ${reasons.join(', ')}; such addresses are refused unless an admin allow-lists them`);
  return Object.assign(error, { code: REFUSED_ADDRESS });
}

/**
 * A `lookup` for `http.request` that resolves the host and keeps only the
 * addresses the allow list permits, failing when none is left. The socket then
 * connects to an address checked here, so a name that resolves (or is rebound)
 * to an internal address never gets a packet sent there.
 */
export function guardedLookup(allow: AddressAllowList): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '');
      const allowed = addresses.filter((a) => refusedAddress(a.address, hostname, allow) === undefined);
      if (allowed.length === 0) {
        const reasons = addresses.map((a) => refusedAddress(a.address, hostname, allow)!);
        return callback(refusedAddressError(hostname, reasons.length ? reasons : ['no address']), '');
      }
      if (options.all) callback(null, allowed);
      else callback(null, allowed[0].address, allowed[0].family);
    });
  };
}
