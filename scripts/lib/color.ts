/** Whether to colour a report: FORCE_COLOR (set, not 0/false) forces it, NO_COLOR (set, non-empty) forbids it, else
 * only on a terminal.
 */
export function wantColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '0' && force.toLowerCase() !== 'false') return true;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return Boolean(stream.isTTY);
}
