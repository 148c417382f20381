// kdeck's entry point. The Node.js version check must stay the first import: it has to run
// before any dependency is evaluated.
import './node-version.js';
import { main } from './cli.js';

process.exitCode = await main(process.argv.slice(2));
