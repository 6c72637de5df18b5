import type { IntrinsicStringLiteral } from './intrinsic-ast.js';

/** A piece of a `States.Format` template: literal text or a `{}` placeholder. */
export type FormatTemplatePart =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'placeholder' };

/**
 * Splits the raw text of a `States.Format` template (as in {@link IntrinsicStringLiteral.raw}) into
 * text and `{}` placeholders; `\{` and `\}` are literal braces.
 */
export function parseFormatTemplate(raw: string): FormatTemplatePart[] {
  const parts: FormatTemplatePart[] = [];
  let text = '';
  for (let i = 0; i < raw.length; i++) {
    const ch = raw.charAt(i);
    if (ch === '\\' && i + 1 < raw.length && "'{}\\".includes(raw.charAt(i + 1))) {
      text += raw.charAt(i + 1);
      i++;
    } else if (ch === '{' && raw.charAt(i + 1) === '}') {
      if (text) parts.push({ kind: 'text', text });
      text = '';
      parts.push({ kind: 'placeholder' });
      i++;
    } else {
      text += ch;
    }
  }
  if (text) parts.push({ kind: 'text', text });
  return parts;
}
