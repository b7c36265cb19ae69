// The render bench's table for one n (of any widget), the Kith/Shoelace ratios and the budget verdicts (50 and
// 200 widgets: at most 1.00× Shoelace's time, cold and warm; 1 widget has no budget).
import type { RenderRow, RenderTable } from '../render.ts';

export const BUDGETED = [50, 200];
export const MAX_RATIO = 1.0;

const LABEL = { kith: 'Kith', shoelace: 'Shoelace', text: 'plain text' } as const;
const ms = (x: number) => (Number.isFinite(x) ? `${x.toFixed(0)} ms` : 'did not finish');
const kb = (bytes: number) => `${(bytes / 1000).toFixed(2)} KB`;

export interface RenderReport {
  lines: string[];
  /** Budgets missed, one line each. */
  failures: string[];
}

export function reportRender(t: RenderTable, runs: number): RenderReport {
  const lines: string[] = [];
  const failures: string[] = [];
  const find = (kind: RenderRow['kind'], phase: RenderRow['phase']) => t.rows.find((r) => r.kind === kind && r.phase === phase)!;
  lines.push(`### ${t.n} per page (median of ${runs} fresh contexts)`);
  // Column widths: label, then right-aligned cells.
  const WIDTHS = [16, 15, 14, 23, 13, 13, 14];
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(WIDTHS[i]!) : c.padStart(WIDTHS[i]!))).join('');
  lines.push(line(['', 'median', 'runs min–max', 'requests API / files', 'from cache', 'bytes API', 'bytes files']));
  for (const r of t.rows) {
    const x = r.traffic;
    const finished = r.runs.filter(Number.isFinite);
    const range = finished.length ? `${Math.min(...finished).toFixed(0)}–${Math.max(...finished).toFixed(0)}` : '-';
    const cells = [`${LABEL[r.kind]} ${r.phase}`, ms(r.ms), range, `${x.api} / ${x.files}`, `${x.apiCached} / ${x.filesCached}`, kb(x.apiBytes), kb(x.filesBytes)];
    lines.push(line(cells));
  }
  const verdicts = (['cold', 'warm'] as const).map((phase) => {
    const ratio = find('kith', phase).ms / find('shoelace', phase).ms;
    const shown = Number.isFinite(ratio) ? ratio.toFixed(2) : 'n/a';
    if (!BUDGETED.includes(t.n)) return `${phase} ${shown}`;
    const ok = ratio <= MAX_RATIO;
    if (!ok) failures.push(`${t.n} widgets ${phase}: Kith/Shoelace ${shown} > ${MAX_RATIO.toFixed(2)}`);
    return `${phase} ${shown} (budget ≤ ${MAX_RATIO.toFixed(2)}: ${ok ? 'ok' : 'OVER BUDGET'})`;
  });
  lines.push(`ratio Kith / Shoelace: ${verdicts.join(', ')}${BUDGETED.includes(t.n) ? '' : '   (no budget for this n)'}`);
  // Only where Shoelace's element draws icons (the rating's stars: render.ts leaves stars undefined otherwise).
  if (find('shoelace', 'cold').stars !== undefined) {
    const stars = (['cold', 'warm'] as const).map((phase) => `${phase} ${ms(find('shoelace', phase).stars ?? Infinity)}`);
    lines.push(`Shoelace's star icons all drawn (checked, not part of its time): ${stars.join(', ')}`);
  }
  const NOTES = 8;
  for (const p of t.problems.slice(0, NOTES)) lines.push(`note: ${p}`);
  if (t.problems.length > NOTES) lines.push(`note: … and ${t.problems.length - NOTES} more`);
  // Kith not finishing is a broken widget; Shoelace or text not finishing, a broken measurement.
  for (const r of t.rows) if (!Number.isFinite(r.ms)) failures.push(`${LABEL[r.kind]} ${r.phase} (${t.n}) did not finish`);
  return { lines, failures };
}
