import { defineConfig } from "vitest/config";

// The suite Stryker runs against each mutant (`pnpm mutate`): the behaviour tests. Left out are
// the checks that cannot see a mutant of src/ (the built package, its size, the code samples, the
// committed generated files) or compile the whole client for seconds each (spec drift).
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    exclude: ["test/package/**", "test/size/**", "test/samples/**", "test/generated/**", "test/spec-drift/**"],
  },
});
