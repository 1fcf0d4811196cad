// The entry of dist/sass.js: the Sass compiler alone, loaded by the preview the first time a site's
// Sass is compiled (see scripts/build.mjs).
module.exports = require('sass');
