// For sandboxes in suites that are not about signing in but send API tokens (as most of the
// product's own tests were written): the sandbox refuses API tokens from the vendor's 2027-04-30
// on its clock, which is the real clock unless a test moves it. With this option these suites keep
// testing what they test after that date; the sign-in suites (the sandbox's, the client's, the
// CLI's login, the contract's OAuth) use OAuth and the vendor's dates.
export const KEEP_API_TOKENS = { oauth: { apiTokensUntil: "9999-12-31T23:59:59Z" } } as const;
