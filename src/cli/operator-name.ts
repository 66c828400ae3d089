/** Who ran a command, for the audit trail: `cli:` and the login name. */
export function operatorName(): string {
  return `cli:${process.env.USER ?? process.env.USERNAME ?? 'unknown'}`;
}
