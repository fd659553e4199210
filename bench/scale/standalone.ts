import type { ScaleSection } from './scale-result';

/** The section as `npm run bench` tabulates it, for a benchmark run on its own. */
export function sectionMarkdown(section: ScaleSection): string {
  return [
    '| benchmark | measured | floor | ratio | target | met |',
    '|---|---|---|---|---|---|',
    ...section.rows.map((row) => `| ${row.benchmark} | ${row.measured} | ${row.floor ?? '—'} | ${row.ratio === null ? '—' : `${row.ratio}×`} | ${row.target} | ${row.met ? '✓' : '✗'} |`),
    '',
    ...section.notes,
  ].join('\n');
}

/** Runs one benchmark from the command line (`npx tsx bench/scale/<name>.ts`): prints its section, exits 1 if it failed. */
export function runStandalone(bench: () => Promise<ScaleSection>): void {
  bench().then(
    (section) => {
      console.log(sectionMarkdown(section));
      process.exit(0);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
