import { reportProblems } from './validate-report';

test('a report declaration is checked at load: config names, marker findings and keys say what to fix', () => {
  expect(reportProblems({ findings: [{ key: 'soft', label: 'Soft', field: 'flag' }], charts: [{ title: 'x', series: [{ field: 'r', label: 'r' }], threshold: { config: 'cut', label: 'cut' }, markers: [{ finding: 'soft', at: 'r' }] }] }, ['cut'])).toEqual([]);
  const problems = reportProblems(
    { findings: [{ key: 'no good', label: 'x', field: '' }], charts: [{ title: 'x', series: [{ field: 'r', label: 'r', times: 'nope' }], threshold: { config: 'limit', label: 'l' }, markers: [{ finding: 'other', at: 'r' }] }] },
    ['cut'],
  );
  expect(problems).toEqual([
    'report: findings[0].key "no good" must be letters, digits, \'-\' or \'_\'',
    'report: findings[0].field must be a non-empty string',
    'report: charts[0].series[0].times "nope" is not a key of the stage\'s config (cut)',
    'report: charts[0].threshold.config "limit" is not a key of the stage\'s config (cut)',
    'report: charts[0].markers[0].finding "other" is not one of this stage\'s findings',
  ]);
});
