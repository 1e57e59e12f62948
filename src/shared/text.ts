/**
 * Text that came from a person and will be shown to another: control characters could forge
 * lines (a newline in an audit row) or drive a terminal (ESC, OSC), and bidi overrides can make
 * an address read as another. Emails and names refuse them at the boundary; anything printed
 * for a human escapes them.
 */

/** C0 and C1 controls, DEL, line and paragraph separators, and the bidi marks, embeddings, overrides and isolates. */
const UNSAFE = /[\p{Cc}\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069]/u;
const UNSAFE_ALL = new RegExp(UNSAFE.source, 'gu');

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

export function hasUnsafeText(text: string): boolean {
  return UNSAFE.test(text);
}

/** Shows every unsafe character as an escape (`\n`, `\x1b`, `\u202e`), so the text stays on one line and inert. */
export function escapeUnsafeText(text: string): string {
  return text.replace(UNSAFE_ALL, (c) => {
    const code = c.codePointAt(0)!;
    return NAMED[c] ?? (code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`);
  });
}
