/** Agreement between two raters on binary verdicts. */
export interface Agreement {
  /** Items both rated. */
  readonly items: number;
  /** Share of items on which they agree. */
  readonly observed: number;
  /** Cohen's kappa: agreement beyond chance, -1..1 (1 perfect, 0 chance). Null with no items. */
  readonly kappa: number | null;
}

/**
 * Cohen's kappa for two raters' pass/fail verdicts on the same items:
 * (observed agreement - chance agreement) / (1 - chance agreement), where chance agreement comes
 * from each rater's own pass rate. When both raters give one and the same verdict to every item,
 * chance agreement is 1 and kappa is defined here as 1 (they agree, and nothing else is known).
 */
export function cohenKappa(pairs: ReadonlyArray<readonly [boolean, boolean]>): Agreement {
  const items = pairs.length;
  if (items === 0) return { items, observed: 0, kappa: null };
  const agree = pairs.filter(([left, right]) => left === right).length;
  const observed = agree / items;
  const leftPass = pairs.filter(([left]) => left).length / items;
  const rightPass = pairs.filter(([, right]) => right).length / items;
  const chance = leftPass * rightPass + (1 - leftPass) * (1 - rightPass);
  if (chance === 1) return { items, observed, kappa: observed === 1 ? 1 : 0 };
  return { items, observed, kappa: (observed - chance) / (1 - chance) };
}
