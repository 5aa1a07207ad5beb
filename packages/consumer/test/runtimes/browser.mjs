// A browser page: the bundle puts the scenario on the window for the test to call.
import { scenario } from "./scenario.mjs";

window.scenario = scenario;
