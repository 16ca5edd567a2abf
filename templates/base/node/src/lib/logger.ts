import { Logger } from "@aws-lambda-powertools/logger";

/**
 * One structured JSON logger per execution environment. Each handler calls
 * `logger.addContext(context)`, which adds the request id, function name and cold start
 * flag to every line it logs for that invocation.
 */
export const logger = new Logger();
