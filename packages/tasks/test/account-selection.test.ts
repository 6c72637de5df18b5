import { selectAccounts } from '@stackset-lite/tasks';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const accountId = fc.integer({ min: 0, max: 30 }).map((n) => String(100_000_000_000 + n));
const ids = fc.array(accountId, { maxLength: 20 });

describe('selectAccounts (AccountFilterType as StackSets defines it)', () => {
  it('holds the set laws for every filter', () => {
    fc.assert(
      fc.property(ids, ids, (ouAccounts, listed) => {
        const targets = (accountFilterType: 'NONE' | 'INTERSECTION' | 'DIFFERENCE' | 'UNION') => ({
          organizationalUnitIds: ['ou-abcd-12345678'],
          accounts: listed,
          accountFilterType,
        });
        const ou = new Set(ouAccounts);
        const list = new Set(listed);
        const none = selectAccounts(targets('NONE'), ouAccounts);
        const intersection = selectAccounts(targets('INTERSECTION'), ouAccounts);
        const difference = selectAccounts(targets('DIFFERENCE'), ouAccounts);
        const union = selectAccounts(targets('UNION'), ouAccounts);
        expect(new Set(none)).toEqual(ou);
        expect(new Set(intersection)).toEqual(new Set([...ou].filter((a) => list.has(a))));
        expect(new Set(difference)).toEqual(new Set([...ou].filter((a) => !list.has(a))));
        expect(new Set(union)).toEqual(new Set([...ou, ...list]));
        for (const result of [none, intersection, difference, union])
          expect(new Set(result).size).toBe(result.length);
      }),
    );
  });

  it('UNION is the default; accounts alone are the selection', () => {
    expect(
      selectAccounts({ organizationalUnitIds: ['ou-abcd-12345678'], accounts: ['111111111111'] }, [
        '222222222222',
      ]),
    ).toEqual(['222222222222', '111111111111']);
    expect(selectAccounts({ accounts: ['333333333333', '333333333333'] }, [])).toEqual(['333333333333']);
  });
});
