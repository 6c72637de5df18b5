import type { S3Client } from '@aws-sdk/client-s3';
import { InvalidInput } from '../shared/errors.js';
import { readS3ObjectText } from '../shared/s3-object-text.js';
import type { S3ObjectLocation } from '../shared/schemas.js';

/**
 * Reads a list of account ids from S3: a JSON array of strings, or ids separated by commas, white space or
 * new lines (one CSV column, a header line of non-ids allowed). Every entry that is not a 12-digit id is
 * reported with its position, so a typo in line 4,012 of a 10,000-line file is findable.
 */
export async function readAccountListFile(s3: S3Client, location: S3ObjectLocation): Promise<string[]> {
  const where = `s3://${location.bucket}/${location.key}`;
  const text = await readS3ObjectText(s3, location, {
    missing: 'listTargets: no account list',
    unreadable: 'listTargets: cannot read the account list',
    inputPath: '/targets/accountsLocation',
  });
  const entries = entriesOf(text);
  const bad: { path: string; message: string }[] = [];
  const ids: string[] = [];
  entries.forEach(({ value, position }, index) => {
    if (/^\d{12}$/.test(value)) ids.push(value);
    // A CSV header such as "AccountId" on the first line is not an error.
    else if (!(index === 0 && /^[a-z_ ]+$/i.test(value)))
      bad.push({ path: position, message: `"${value}" is not a 12-digit account id` });
  });
  if (bad.length > 0) {
    const shown = bad.slice(0, 10);
    throw new InvalidInput(
      `listTargets: the account list ${where} has ${bad.length} bad entr${bad.length === 1 ? 'y' : 'ies'}: ${shown
        .map((b) => `${b.path}: ${b.message}`)
        .join('; ')}${bad.length > shown.length ? '; …' : ''}`,
      shown,
    );
  }
  return ids;
}

function entriesOf(text: string): { value: string; position: string }[] {
  const trimmed = text.trim();
  if (trimmed.startsWith('[')) {
    let json: unknown;
    try {
      json = JSON.parse(trimmed);
    } catch {
      throw new InvalidInput('listTargets: the account list starts with "[" but is not valid JSON', [
        { path: '/targets/accountsLocation', message: 'not JSON' },
      ]);
    }
    if (!Array.isArray(json)) return [];
    return json.map((value, index) => ({ value: String(value), position: `[${index}]` }));
  }
  const entries: { value: string; position: string }[] = [];
  trimmed.split(/\r?\n/).forEach((line, lineIndex) => {
    for (const value of line.split(/[,\s]+/)) {
      const cleaned = value.replace(/^"|"$/g, '');
      if (cleaned) entries.push({ value: cleaned, position: `line ${lineIndex + 1}` });
    }
  });
  return entries;
}
