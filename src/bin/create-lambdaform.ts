#!/usr/bin/env node
import { runProcess } from "./run.js";

// `npm create lambdaform` runs this bin: it is `lambdaform create`.
await runProcess("create", process.argv.slice(2));
