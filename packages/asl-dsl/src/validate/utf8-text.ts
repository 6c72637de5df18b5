/** Where UTF-8 input stops being UTF-8. */
export interface Utf8Problem {
  /** 0-based byte offset of the first byte that is not part of a valid sequence. */
  readonly offset: number;
  /** 1-based line and column (in characters) of that byte. */
  readonly line: number;
  readonly column: number;
  readonly reason: string;
}

export type Utf8Decoding =
  | { readonly ok: true; readonly text: string }
  | ({ readonly ok: false } & Utf8Problem);

const strict = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes UTF-8 bytes, refusing invalid input instead of replacing it with U+FFFD (which would
 * silently turn two different state names into one). A leading byte-order mark is dropped.
 */
export function decodeUtf8(bytes: Uint8Array): Utf8Decoding {
  try {
    return { ok: true, text: strict.decode(bytes) };
  } catch {
    return { ok: false, ...findProblem(bytes) };
  }
}

/** The message a user sees for a {@link Utf8Problem}. */
export function describeUtf8Problem(problem: Utf8Problem): string {
  return `not valid UTF-8 at line ${problem.line}, column ${problem.column} (byte offset ${problem.offset}): ${problem.reason}`;
}

/** Scans for the first invalid sequence (RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF). */
function findProblem(bytes: Uint8Array): Utf8Problem {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    let need: number;
    let min: number;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else {
      return at(bytes, i, `byte 0x${hex(b)} cannot start a UTF-8 character`);
    }
    let code = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined) return at(bytes, i, 'the input ends in the middle of a UTF-8 character');
      if ((c & 0xc0) !== 0x80) {
        return at(
          bytes,
          i,
          `byte 0x${hex(b)} starts a ${need + 1}-byte character but byte 0x${hex(c)} does not continue it`,
        );
      }
      code = (code << 6) | (c & 0x3f);
    }
    if (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
      return at(
        bytes,
        i,
        `the bytes at this position encode no valid character (U+${code.toString(16).toUpperCase()})`,
      );
    }
    i += need + 1;
  }
  // TextDecoder refused, yet every sequence is valid: report the end rather than nothing.
  return at(bytes, bytes.length, 'invalid UTF-8');
}

const hex = (b: number) => b.toString(16).toUpperCase().padStart(2, '0');

function at(bytes: Uint8Array, offset: number, reason: string): Utf8Problem {
  // Everything before `offset` is valid: decode it to count lines and characters.
  const before = strict.decode(bytes.subarray(0, offset));
  const lineStart = before.lastIndexOf('\n') + 1;
  const line = before.slice(0, lineStart).split('\n').length;
  const column = [...before.slice(lineStart)].length + 1;
  return { offset, line, column, reason };
}
