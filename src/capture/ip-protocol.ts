/**
 * The IP protocol numbers (IANA) the IPv4 and IPv6 walks look for: TCP, AH and the IPv6 extension
 * headers tcpdump walks, and the transports whose printers print the addresses themselves.
 *
 * @module
 */

/**
 * IP protocol numbers (IANA): TCP, and the IPv6 extension headers (RFC 8200 §4) and AH (RFC 4302)
 * tcpdump walks.
 *
 * @example
 * ```ts
 * if (data[at + 9] === PROTOCOL.TCP) console.log('TCP follows the IPv4 header');
 * ```
 */
export const PROTOCOL = {
  HOP_BY_HOP: 0,
  TCP: 6,
  UDP: 17,
  ROUTING: 43,
  FRAGMENT: 44,
  AH: 51,
  DESTINATION: 60,
  DCCP: 33,
  SCTP: 132,
};
