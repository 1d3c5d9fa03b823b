/** Every user-facing error names the ApplicationSet and says what was expected. */
export class AppSetError extends Error {
  constructor(
    readonly appset: string,
    message: string,
  ) {
    super(`ApplicationSet ${JSON.stringify(appset)}: ${message}`);
    this.name = 'AppSetError';
  }
}

/** An error inside one ApplicationSet; rendered into an AppSetError by the caller. */
export class GenerationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GenerationError';
  }
}
