/** Problems found in an ISA description, each with the path to the part at fault. */

export type PathSegment = string | number;

export interface IsaIssue {
  path: PathSegment[];
  message: string;
}

/** Renders a path as `instructions[3].semantics[0].value`. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out === '' ? seg : `.${seg}`;
  }
  return out === '' ? '(root)' : out;
}

export function formatIssue(issue: IsaIssue, mnemonics?: readonly string[]): string {
  const [first, index] = issue.path;
  const named =
    first === 'instructions' && typeof index === 'number' && mnemonics?.[index] !== undefined
      ? ` (${mnemonics[index]})`
      : '';
  return `${formatPath(issue.path)}${named}: ${issue.message}`;
}

/** The message lists this many problems and counts the rest (11,000 overlapping encodings make 60 million). */
export const LISTED_ISSUES = 100;

/** Thrown when a description is invalid; `issues` has every problem found, not just the first. */
export class IsaError extends Error {
  constructor(
    readonly source: string,
    readonly issues: IsaIssue[],
    readonly mnemonics?: readonly string[],
  ) {
    super(
      `${source}: ${issues.length} problem${issues.length === 1 ? '' : 's'} in the ISA description\n` +
        issues
          .slice(0, LISTED_ISSUES)
          .map((i) => '  ' + formatIssue(i, mnemonics))
          .join('\n') +
        (issues.length > LISTED_ISSUES ? `\n  … and ${issues.length - LISTED_ISSUES} more (\`issues\` on the error has them all)` : ''),
    );
    this.name = 'IsaError';
  }
}
