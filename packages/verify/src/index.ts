export { toJUnit } from "./report/junit.js";
export { formatSummary, toMarkdown, verdict } from "./report/text.js";
export type { CheckName, CheckResult, Finding, VerifyReport } from "./report/types.js";
export { unverifiedReport, VerifyError, type VerifyEvent, type VerifyOptions, verify } from "./verify.js";

import type { VerifyReport } from "./report/types.js";

/** The report as JSON, for scripts: the same object `verify` returns. */
export const toJson = (report: VerifyReport): string => `${JSON.stringify(report, null, 2)}\n`;
