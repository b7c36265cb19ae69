// The comments section's tables (issue 8): each figure with the peers' beside it, the ratios and the budgets.
import type { SizeRow } from '../sizes.ts';
import type { DiscussionResult, KindResult } from './render.ts';

export const SIZE_BUDGET = 28_000;
export const ELEMENTS_BUDGET = 15;
/** Main-thread seconds per second once idle: "about zero". */
export const IDLE_BUDGET = 0.02;

const LABEL = { kith: 'Kith', waline: 'Waline', artalk: 'Artalk', bare: 'bare innerHTML' } as const;
const kb = (n: number) => `${(n / 1000).toFixed(2)} KB`;
const ms = (x: number) => (Number.isFinite(x) ? `${x.toFixed(0)} ms` : 'did not finish');

export interface Report {
  lines: string[];
  failures: string[];
}

export function reportCommentSizes(kith: SizeRow | undefined, peers: Array<{ row: SizeRow; note: string }>): Report {
  const lines: string[] = [];
  const failures: string[] = [];
  const row = (label: string, bytes: string, note: string) => lines.push(`${label.padEnd(36)}${bytes.padStart(9)}   ${note}`);
  if (kith) {
    const ok = kith.bytes <= SIZE_BUDGET;
    if (!ok) failures.push(`comments page ${kb(kith.bytes)} > 28 KB`);
    row('page with only <kith-comments>', kb(kith.bytes), `budget 28 KB: ${ok ? 'ok' : 'OVER BUDGET'}`);
    lines.push(`  files: ${kith.files.join(', ')}`);
  } else {
    failures.push('comments page: dist/widgets/comments/comments.component.js is missing');
    row('page with only <kith-comments>', '-', 'not built yet: dist/widgets/comments/comments.component.js is missing');
  }
  for (const { row: p, note } of peers) {
    row(p.name, kb(p.bytes), `${p.files.join(', ')}${kith ? `   Kith's page is ${(kith.bytes / p.bytes).toFixed(2)} of it` : ''}${note ? `   ${note}` : ''}`);
  }
  return { lines, failures };
}

export function reportCommentRender(r: DiscussionResult, runs: number, idleRuns: number, idleSeconds: number): Report {
  const lines: string[] = [];
  const failures: string[] = [];
  const d = r.discussion;
  const kith = r.kinds.find((k) => k.kind === 'kith');
  lines.push(`### ${d.label}: the list reaching the widget → first frame showing a screen full of comments, and all ${r.comments} (median of ${runs} fresh contexts)`);
  const WIDTHS = [16, 23, 14, 22, 24, 25, 14, 7, 9];
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(WIDTHS[i]!) : c.padStart(WIDTHS[i]!))).join('');
  lines.push(line(['', 'list → 1st screen', 'runs min–max', `list → all ${r.comments}`, 'response end → 1st sc.', 'navigation → 1st screen', 'response end', 'lists', 'vs Kith']));
  const finite = (xs: number[]) => xs.filter(Number.isFinite);
  for (const k of r.kinds) {
    const ok = finite(k.runs);
    const range = ok.length ? `${Math.min(...ok).toFixed(0)}–${Math.max(...ok).toFixed(0)}` : '-';
    const ratio = kith && k.kind !== 'kith' && Number.isFinite(kith.responseToPaint) && Number.isFinite(k.responseToPaint) ? `${(k.responseToPaint / kith.responseToPaint).toFixed(2)}×` : '';
    lines.push(line([LABEL[k.kind], ms(k.responseToPaint), range, ms(k.responseToAll), ms(k.responseEndToPaint), ms(k.navigationToPaint), ms(k.responseEnd), String(k.listRequests), ratio]));
  }
  lines.push(
    "list: the list's response end, or for Kith, whose loader asks for the list while the widget's code loads, the later of that and the widget asking for it (its `kith-comments:list` mark); the peers ask from their code, so for them it is the response end",
  );
  if (kith) {
    const ok = kith.responseToPaint <= d.budget;
    if (!ok) failures.push(`${r.comments} comments: Kith ${ms(kith.responseToPaint)} > ${d.budget} ms`);
    lines.push(`budget: Kith's first screen ≤ ${d.budget} ms after the list reaches it: ${ok ? 'ok' : 'OVER BUDGET'}   ("vs Kith": the peer's first screen over Kith's)`);
  }
  if (d.heavy) {
    lines.push(`### ${r.comments} comments once idle (1 s after they show, then ${idleSeconds} s; median of ${idleRuns} contexts), and DOM elements`);
    const W = [16, 18, 17, 17, 19, 20];
    const l2 = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(W[i]!) : c.padStart(W[i]!))).join('');
    lines.push(l2(['', 'main thread busy', 'of it, script', 'elements/comment', 'without Markdown', 'Markdown/comment']));
    for (const k of r.kinds) {
      const per = (x: number | undefined) => (x === undefined ? '-' : (x / r.comments).toFixed(1));
      const s = (x: number | undefined) => (x === undefined ? '-' : `${x.toFixed(3)} s/s`);
      lines.push(l2([LABEL[k.kind], s(k.idleTask), s(k.idleScript), per(k.dom?.total), per(k.dom ? k.dom.total - k.dom.markdown : undefined), per(k.dom?.markdown)]));
    }
    if (kith) {
      const el = kith.dom ? (kith.dom.total - kith.dom.markdown) / r.comments : Infinity;
      const idle = kith.idleTask ?? Infinity;
      if (!(el <= ELEMENTS_BUDGET)) failures.push(`Kith ${Number.isFinite(el) ? el.toFixed(1) : '?'} elements per comment > ${ELEMENTS_BUDGET}`);
      if (!(idle <= IDLE_BUDGET)) failures.push(`Kith busy ${Number.isFinite(idle) ? idle.toFixed(3) : '?'} s/s once idle > ${IDLE_BUDGET}`);
      lines.push(
        `budgets: Kith ≤ ${ELEMENTS_BUDGET} elements per comment without Markdown: ${el <= ELEMENTS_BUDGET ? 'ok' : 'OVER BUDGET'}; ` +
          `busy ≤ ${IDLE_BUDGET} s/s once idle: ${idle <= IDLE_BUDGET ? 'ok' : 'OVER BUDGET'}`,
      );
    }
    lines.push('Elements: the document and every shadow root, host page included; Markdown: the descendants of each comment\'s rendered body.');
  }
  const NOTES = 8;
  for (const p of r.problems.slice(0, NOTES)) lines.push(`note: ${p}`);
  if (r.problems.length > NOTES) lines.push(`note: … and ${r.problems.length - NOTES} more`);
  for (const k of r.kinds) if (!Number.isFinite(k.responseToPaint)) failures.push(`${LABEL[k.kind]} (${r.comments} comments) did not finish`);
  return { lines, failures };
}

export type { KindResult };
