#!/usr/bin/env node
import { runProcess } from "./run.js";

// `npm create lambdaform` runs this bin: it is `lambdaform create`, and answers --version as
// every CLI does (create's own flags have no -v to clash with).
const argv = process.argv.slice(2);
await (argv.length === 1 && (argv[0] === "--version" || argv[0] === "-v") ? runProcess(argv[0], []) : runProcess("create", argv));
