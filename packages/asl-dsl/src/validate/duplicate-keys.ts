import { pointerTo } from './json-pointer.js';

/** A key that appears twice in one JSON object: where, and the pointer of its parent object. */
export interface DuplicateKey {
  readonly key: string;
  readonly parent: string;
}

/**
 * Finds keys repeated within one object of JSON text. `JSON.parse` silently keeps the last one, but
 * AWS reads the text and rejects a state defined twice, so the validator must see the text too.
 * Assumes `text` is valid JSON (JSON.parse succeeded on it).
 */
export function findDuplicateKeys(text: string): DuplicateKey[] {
  const found: DuplicateKey[] = [];
  let pos = 0;

  const skipSpace = () => {
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c === 32 || c === 10 || c === 13 || c === 9) pos++;
      else return;
    }
  };
  const readString = (): string => {
    const start = pos;
    pos++;
    let escaped = false;
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c === 92) {
        escaped = true;
        pos += 2;
      } else if (c === 34) {
        pos++;
        break;
      } else pos++;
    }
    return escaped ? (JSON.parse(text.slice(start, pos)) as string) : text.slice(start + 1, pos - 1);
  };
  const value = (pointer: string): void => {
    skipSpace();
    const c = text.charCodeAt(pos);
    if (c === 123) object(pointer);
    else if (c === 91) array(pointer);
    else if (c === 34) readString();
    else while (pos < text.length && !',]} \n\r\t'.includes(text.charAt(pos))) pos++;
  };
  const object = (pointer: string): void => {
    pos++;
    const keys = new Set<string>();
    for (;;) {
      skipSpace();
      if (text.charCodeAt(pos) === 125) {
        pos++;
        return;
      }
      const key = readString();
      if (keys.has(key)) found.push({ key, parent: pointer });
      else keys.add(key);
      skipSpace();
      pos++; // ':'
      value(pointerTo(pointer, key));
      skipSpace();
      if (text.charCodeAt(pos) === 44) pos++;
    }
  };
  const array = (pointer: string): void => {
    pos++;
    let index = 0;
    for (;;) {
      skipSpace();
      if (text.charCodeAt(pos) === 93) {
        pos++;
        return;
      }
      value(pointerTo(pointer, index++));
      skipSpace();
      if (text.charCodeAt(pos) === 44) pos++;
    }
  };
  value('');
  return found;
}
