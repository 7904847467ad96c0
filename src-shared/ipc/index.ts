/** The IPC contract and the types it carries (see contract.ts). */
export * from './app';
export * from './cluster';
export * from './contract';
export * from './contract-kit';
export * from './faults';
export * from './settings';
export * from './terminals';
