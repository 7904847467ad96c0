/** The cluster DNS server: wire codec, answer logic, UDP/TCP server and its API-fed zone. */
export { startDnsServer, type DnsServer, type DnsServerOptions } from './server';
export { ZoneFeed, type ZoneFeedOptions } from './zone-feed';
export { answerQuery, type AnswerOptions, type Decision } from './answer';
export { decodeMessage, encodeMessage, DnsFormatError } from './codec';
export { ptrName } from './reverse';
export * from './message';
