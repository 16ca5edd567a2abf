import { devLoopSuite } from "./emulator-dev.js";

devLoopSuite("python3.13");
