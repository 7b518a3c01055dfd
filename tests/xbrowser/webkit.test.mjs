// The cross-browser flows (suite.mjs) in WebKitGTK's MiniBrowser, over W3C WebDriver.
import { launchWebKit } from './engines.mjs';
import { suite } from './suite.mjs';

suite('webkit', launchWebKit);
