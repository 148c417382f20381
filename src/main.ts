// kdeck's entry point. The Node.js version check must stay the first import: it has to run
// before any dependency is evaluated.
import './node-version.js';
import { main } from './cli.js';

// `npm start` runs kdeck in the package's directory; the directory the user typed it in is
// INIT_CWD (npm sets it). Relative paths the user gives (`:apply -f app.yaml`, --kubeconfig)
// are read from there, as they are when kdeck is run directly.
if (process.env.npm_lifecycle_event === 'start' && process.env.INIT_CWD)
  process.chdir(process.env.INIT_CWD);

process.exitCode = await main(process.argv.slice(2));
