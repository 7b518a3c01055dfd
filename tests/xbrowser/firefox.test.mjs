// The cross-browser flows (suite.mjs) in Firefox ESR, over WebDriver BiDi.
import { launchFirefox } from './engines.mjs';
import { suite } from './suite.mjs';

suite('firefox', launchFirefox);
