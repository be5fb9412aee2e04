// The numbers and patterns of the intake contract (./intake.ts), in a module of their own without
// zod, so that the web forms check what the server will check without shipping the schemas.

export const INTAKE_LIMITS = {
  title: 100,
  description: 5000,
  callerName: 50,
  address: 200,
  externalRef: 200,
  /** Photos and files a resident sends with a request. */
  attachments: 9,
  trackSecretMin: 4,
  trackSecretMax: 32,
  gradeMin: 1,
  gradeMax: 4,
  /** An answer given at once, a unit's reply. */
  answer: 5000,
} as const;

/** A mobile (11 digits), a landline with its area code, or a short service number. */
export const PHONE_RE = /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}|\d{3,8})$/;

export const isPhone = (s: string): boolean => PHONE_RE.test(s.trim());
