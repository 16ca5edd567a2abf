/**
 * The programs that run inside a function's process: they load the handler once (init, as in
 * Lambda), then take one invocation at a time from the parent and answer on a channel of their
 * own, so whatever the handler prints (its JSON log lines) stays on stdout and stderr. They are
 * written next to the extracted package at start, so the same files work from a clone, an npm
 * install or the TypeScript sources.
 */

/** Node: ESM; invocations come over the IPC channel. argv: <bundle file> <export name>. */
export const nodeBootstrap = String.raw`import { pathToFileURL } from "node:url";

const [entry, exportName] = process.argv.slice(2);
let handler;
let initError;
try {
  handler = (await import(pathToFileURL(entry).href))[exportName];
  if (typeof handler !== "function") throw Object.assign(new Error(entry + " exports no function " + exportName), { name: "Runtime.HandlerNotFound" });
} catch (error) {
  initError = error;
  console.error(JSON.stringify({ level: "ERROR", message: "init failed", errorType: error?.name, errorMessage: error?.message }));
}

function describe(error) {
  if (!(error instanceof Error)) return { errorType: "Error", errorMessage: String(error), trace: [] };
  return { errorType: error.name, errorMessage: error.message, trace: String(error.stack ?? "").split("\n") };
}

function run(event, context) {
  if (handler.length < 3) return handler(event, context);
  // A callback-style handler: the first of the callback and a returned promise wins.
  return new Promise((resolve, reject) => {
    const returned = handler(event, context, (error, value) => (error ? reject(error) : resolve(value)));
    if (returned && typeof returned.then === "function") returned.then(resolve, reject);
  });
}

process.on("message", async ({ id, event, context: fields }) => {
  if (initError) return process.send({ id, ok: false, error: describe(initError) });
  // Lambda sets the invocation's trace header in the environment; tracers read it from there.
  process.env._X_AMZN_TRACE_ID = fields.traceId;
  const { traceId: _traceId, ...contextFields } = fields;
  const context = {
    ...contextFields,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, fields.deadlineMs - Date.now()),
  };
  try {
    const result = await run(event, context);
    process.send({ id, ok: true, payload: JSON.stringify(result === undefined ? null : result) });
  } catch (error) {
    process.send({ id, ok: false, error: describe(error) });
  }
});
process.send({ ready: true });
`;

/**
 * Python: requests are JSON lines on stdin, answers JSON lines on file descriptor 3.
 * argv: <module.function> (the function's Handler setting, as Lambda reads it).
 */
export const pythonBootstrap = String.raw`import importlib, json, os, sys, time, traceback

answers = os.fdopen(3, "w")
module_name, _, function_name = sys.argv[1].rpartition(".")


class LambdaContext:
    """The attributes and method of Lambda's Python context object."""

    def __init__(self, fields):
        self.function_name = fields["functionName"]
        self.function_version = fields["functionVersion"]
        self.invoked_function_arn = fields["invokedFunctionArn"]
        self.memory_limit_in_mb = int(fields["memoryLimitInMB"])
        self.aws_request_id = fields["awsRequestId"]
        self.log_group_name = fields["logGroupName"]
        self.log_stream_name = fields["logStreamName"]
        self.identity = None
        self.client_context = None
        self._deadline_ms = fields["deadlineMs"]

    def get_remaining_time_in_millis(self):
        return max(0, int(self._deadline_ms - time.time() * 1000))


def describe(error, error_type=None):
    return {
        "errorType": error_type or type(error).__name__,
        "errorMessage": str(error),
        "trace": traceback.format_exception(type(error), error, error.__traceback__),
    }


def answer(message):
    answers.write(json.dumps(message) + "\n")
    answers.flush()


handler = None
init_error = None
try:
    handler = getattr(importlib.import_module(module_name), function_name)
except Exception as error:  # Lambda reports an import failure on every invocation
    init_error = describe(error, "Runtime.ImportModuleError")
    print(json.dumps({"level": "ERROR", "message": "init failed", "error": init_error["errorMessage"]}), file=sys.stderr, flush=True)

answer({"ready": True})
for line in sys.stdin:
    request = json.loads(line)
    request_id = request["id"]
    if init_error:
        answer({"id": request_id, "ok": False, "error": init_error})
        continue
    # Lambda sets the invocation's trace header in the environment; tracers read it from there.
    os.environ["_X_AMZN_TRACE_ID"] = request["context"]["traceId"]
    try:
        result = handler(request["event"], LambdaContext(request["context"]))
    except Exception as error:
        answer({"id": request_id, "ok": False, "error": describe(error)})
        continue
    try:
        payload = json.dumps(result)
    except TypeError as error:
        answer({"id": request_id, "ok": False, "error": describe(error, "Runtime.MarshalError")})
        continue
    answer({"id": request_id, "ok": True, "payload": payload})
`;
