/** Every user-facing error names the ApplicationSet and says what was expected. */
export class AppSetError extends Error {
  constructor(
    readonly appset: string,
    message: string,
    /** the field of the ApplicationSet the error is about (e.g. the template string that failed), when known */
    readonly path?: readonly (string | number)[],
  ) {
    super(`ApplicationSet ${JSON.stringify(appset)}: ${message}`);
    this.name = 'AppSetError';
  }
}

/** An error inside one ApplicationSet; rendered into an AppSetError by the caller. */
export class GenerationError extends Error {
  /** the field of the ApplicationSet the error is about, when known */
  path: (string | number)[] | undefined;
  constructor(message: string, path?: (string | number)[]) {
    super(message);
    this.path = path;
    this.name = 'GenerationError';
  }
}
