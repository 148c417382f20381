// Ink imports react-devtools-core only when DEV=true; the bundle carries this stand-in so
// that the single file needs no package beside it.
export default { initialize() {}, connectToDevTools() {} };
