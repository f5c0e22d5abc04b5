// Prints one line per conformance file with its pass rate, after jest's own summary. (The MongoDB
// suite also prints its per-folder table, with skip reasons, from the test itself.)
class PassRateReporter {
  onRunComplete(_contexts, results) {
    const lines = ['', 'Conformance pass rates:'];
    for (const file of results.testResults) {
      const passed = file.numPassingTests;
      const ran = passed + file.numFailingTests;
      const rate = ran === 0 ? 'n/a' : `${((100 * passed) / ran).toFixed(1)} %`;
      lines.push(`  ${file.testFilePath.replace(`${process.cwd()}/`, '')}: ${passed}/${ran} passed (${rate})${file.testExecError ? ' — did not run' : ''}`);
    }
    process.stdout.write(`${lines.join('\n')}\n`);
  }
}
module.exports = PassRateReporter;
