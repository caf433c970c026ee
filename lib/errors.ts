/**
 * One base error for the whole code base: a short message a person can act on,
 * optional details, and the underlying cause. User-facing text comes from `shortMessage`.
 */
export type HomeostatErrorOptions = {
  details?: string | undefined;
  cause?: unknown;
};

export class HomeostatError extends Error {
  override name = 'HomeostatError';
  readonly shortMessage: string;
  readonly details: string | undefined;

  constructor(shortMessage: string, options: HomeostatErrorOptions = {}) {
    const parts = [shortMessage];
    if (options.details) parts.push(`Details: ${options.details}`);
    super(parts.join('\n'), { cause: options.cause });
    this.shortMessage = shortMessage;
    this.details = options.details;
  }
}

/** Where in an input a problem was found. Every field is optional; name as much as is known. */
export type DataLocation = {
  file?: string | undefined;
  line?: number | undefined;
  column?: string | undefined;
};

/** Bad input data: names the file, line and column and says what is wrong. */
export class DataError extends HomeostatError {
  override name = 'DataError';
  readonly location: DataLocation;
  readonly problem: string;

  constructor(problem: string, location: DataLocation = {}, options: HomeostatErrorOptions = {}) {
    super(formatLocation(location) + problem, options);
    this.problem = problem;
    this.location = location;
  }
}

/** Bad configuration: names the variable. */
export class ConfigError extends HomeostatError {
  override name = 'ConfigError';
  readonly variable: string;

  constructor(variable: string, problem: string, options: HomeostatErrorOptions = {}) {
    super(`${variable}: ${problem}`, options);
    this.variable = variable;
  }
}

function formatLocation({ file, line, column }: DataLocation): string {
  const where = [file, line !== undefined ? `line ${line}` : undefined, column ? `column "${column}"` : undefined]
    .filter(Boolean)
    .join(', ');
  return where ? `${where}: ` : '';
}
