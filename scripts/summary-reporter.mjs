// Prints the last line CI reads: "N passed, N failed". Skipped tests are reported separately so a
// skip can never hide inside "passed".
function collect(tasks, acc) {
  for (const t of tasks) {
    if (t.type === 'test') {
      const state = t.result?.state;
      if (state === 'pass') acc.passed++;
      else if (state === 'fail') acc.failed++;
      else acc.skipped++;
    } else if (t.tasks) {
      if (t.result?.state === 'fail' && t.tasks.length === 0) acc.failed++;
      collect(t.tasks, acc);
    }
  }
  return acc;
}

export default class SummaryReporter {
  onFinished(files = [], errors = []) {
    const acc = collect(files, { passed: 0, failed: 0, skipped: 0 });
    // A file that failed to load (syntax error, failing beforeAll) has no test results: count it.
    for (const f of files)
      if (f.result?.state === 'fail' && (!f.tasks || f.tasks.length === 0)) acc.failed++;
    acc.failed += errors.length;
    if (acc.skipped) console.log(`${acc.skipped} skipped`);
    console.log(`${acc.passed} passed, ${acc.failed} failed`);
  }
}
