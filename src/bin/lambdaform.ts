#!/usr/bin/env node
import { runProcess } from "./run.js";

const [command, ...argv] = process.argv.slice(2);
await runProcess(command, argv);
