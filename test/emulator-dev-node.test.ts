import { devLoopSuite } from "./emulator-dev.js";

devLoopSuite("nodejs24.x");
