import type { ErrorText } from './errors';

/**
 * Characters no text input may hold: C0 controls and DEL (PostgreSQL rejects U+0000 outright, and the others
 * corrupt printed forms and logs), C1 controls, lone UTF-16 surrogates (not encodable as UTF-8), and the bidi
 * embeddings, overrides and isolates that make a text read differently from what it holds. A multi-line field
 * may also hold tab and newline.
 */
const SINGLE_LINE_BAD =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const MULTI_LINE_BAD =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why `value` is not acceptable text, or null when it is. */
export function textProblem(value: string, multiLine: boolean): ErrorText | null {
  const m = (multiLine ? MULTI_LINE_BAD : SINGLE_LINE_BAD).exec(value);
  if (!m) return null;
  const code = m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
  return {
    reason: `must not contain the control, bidi-override or unpaired surrogate character U+${code} (at ${m.index})`,
    // Such characters are usually invisible (pasted from elsewhere), so the code point is how the person finds it.
    message: `含有不能使用的特殊字符（U+${code}），请删去后再试`,
  };
}
