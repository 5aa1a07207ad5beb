// A vitest reporter that prints every skipped test by its full name, which in this repository
// always says why it was skipped. The default reporter only counts them.
export default class SkipReasonsReporter {
  onTestRunEnd(testModules) {
    const skipped = testModules.flatMap((module) =>
      [...module.children.allTests()].filter((test) => test.result().state === "skipped").map((test) => test.fullName),
    );
    for (const name of skipped) process.stdout.write(`  skipped: ${name}\n`);
  }
}
