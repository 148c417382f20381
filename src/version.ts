// Replaced by the bundler with package.json's version (scripts/build.js).
declare const KDECK_VERSION: string | undefined;

export const VERSION = typeof KDECK_VERSION === 'string' ? KDECK_VERSION : '0.0.0-dev';
