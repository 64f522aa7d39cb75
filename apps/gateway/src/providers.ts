/** Injection tokens shared across the gateway's modules. */
export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');
export const DATA_SOURCE = Symbol('DATA_SOURCE');
export const TEMPORAL_CLIENT = Symbol('TEMPORAL_CLIENT');
/** The shared store of export files (an ExportStorage of @pirm/persistence). */
export const EXPORT_STORAGE = Symbol('EXPORT_STORAGE');
