/** The Choice+Assign diamond definitions of the validator's scaling benchmark. */

/**
 * A chain of `count` diamonds, the shape that made variable-flow analysis super-linear: each
 * diamond is a Choice whose two branches both assign the diamond's variable and join at the next
 * Choice. The rule's branch reads the previous diamond's variable; the Default branch also assigns a
 * variable the other branch does not (so the set of variables assigned on every path shrinks at
 * each join). Every read is assigned on every path: the definition is valid with no findings, and
 * the validator must still prove it.
 */
export function diamondDefinition(count: number): Record<string, unknown> {
  const States: Record<string, unknown> = {};
  for (let i = 0; i < count; i++) {
    const next = i + 1 < count ? `Choose${i + 1}` : 'Done';
    States[`Choose${i}`] = {
      Type: 'Choice',
      Choices: [{ Variable: '$.flag', BooleanEquals: true, Next: `Left${i}` }],
      Default: `Right${i}`,
    };
    States[`Left${i}`] = {
      Type: 'Pass',
      Assign: i === 0 ? { [`v${i}`]: 1 } : { [`v${i}.$`]: `$v${i - 1}` },
      Next: next,
    };
    States[`Right${i}`] = {
      Type: 'Pass',
      Assign: { [`v${i}`]: 0, [`fallback${i}`]: true },
      Next: next,
    };
  }
  States.Done = { Type: 'Pass', Parameters: { 'last.$': `$v${count - 1}` }, End: true };
  return { Comment: `${count} Choice+Assign diamonds`, StartAt: 'Choose0', States };
}
