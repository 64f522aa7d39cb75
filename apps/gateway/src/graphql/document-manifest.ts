import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EnvReader } from '@pirm/domain';
import { CONSOLE_DIR } from '../web/console';

/** Where the console's build puts codegen's manifest of its operations (apps/web/vite.config.mts). */
export const TRUSTED_DOCUMENTS_FILE = join(CONSOLE_DIR, 'persisted-documents.json');

/** The registered documents: each operation's text by the SHA-256 hex of that text. */
export type TrustedDocumentMap = ReadonlyMap<string, string>;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * Reads the manifest named by GRAPHQL_TRUSTED_DOCUMENTS (the built console's by default), once, at boot.
 * Production cannot start without it; elsewhere a missing one is empty (everyone may send their own
 * documents there). A file that is not `{ hash: text }` with each hash the text's SHA-256 is refused anywhere.
 */
export function readTrustedDocuments(
  r: EnvReader,
  production: boolean,
  readFile: (path: string) => string = (p) => readFileSync(p, 'utf8'),
): TrustedDocumentMap {
  const path = r.string('GRAPHQL_TRUSTED_DOCUMENTS', TRUSTED_DOCUMENTS_FILE);
  let text: string;
  try {
    text = readFile(path);
  } catch (err) {
    const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
    r.check(
      'GRAPHQL_TRUSTED_DOCUMENTS',
      missing && !production,
      missing
        ? `names ${path}, which does not exist: production needs the console's trusted documents (npm run build -w apps/web writes them)`
        : `names ${path}, which cannot be read: ${(err as Error).message}`,
    );
    return new Map();
  }
  let entries: [string, unknown][] = [];
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) entries = Object.entries(parsed);
  } catch {
    // reported below, as any other file that is not a manifest
  }
  const bad = entries.find(([hash, doc]) => typeof doc !== 'string' || sha256(doc) !== hash);
  r.check(
    'GRAPHQL_TRUSTED_DOCUMENTS',
    entries.length > 0 && !bad,
    `names ${path}, which is not a manifest of { "<sha256 of the document>": "<document>" }${bad ? ` (entry ${bad[0]})` : ''}`,
  );
  return new Map(entries as [string, string][]);
}
