'use strict';
// Mocha's own summary says "N passing"; CI reads a plain "N passed, N failed" line, so this
// reporter keeps the spec output and adds that line last.
const Mocha = require('mocha');

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    runner.on(Mocha.Runner.constants.EVENT_TEST_PASS, () => {
      passed++;
    });
    runner.on(Mocha.Runner.constants.EVENT_TEST_FAIL, () => {
      failed++;
    });
    runner.on(Mocha.Runner.constants.EVENT_TEST_PENDING, () => {
      skipped++;
    });
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      // Spec prints its epilogue on the same event; print after it.
      process.nextTick(() => {
        console.log(`${passed} passed, ${failed} failed` + (skipped ? `, ${skipped} skipped` : ''));
      });
    });
  }
}

module.exports = SummaryReporter;
