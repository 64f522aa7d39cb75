import type { DataSource } from 'typeorm';

/** The arguments of a persistence function after its leading `DataSource`: a repository method passes them on. */
export type After<F> = F extends (ds: DataSource, ...args: infer A) => unknown ? A : never;
