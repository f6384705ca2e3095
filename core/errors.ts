/** Errors with stable codes, so adapters can log the code (never personal data) and answer in the user's language. */
export class PonteError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly userMessageKey = 'common:errors.generic',
  ) {
    super(message);
    this.name = 'PonteError';
  }
}

export class NotAllowedError extends PonteError {
  constructor(what: string) {
    super('not_allowed', `not allowed: ${what}`, 'common:errors.notAllowed');
    this.name = 'NotAllowedError';
  }
}
