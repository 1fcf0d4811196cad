/** Publish checks (what Jekyll would silently skip, move or overwrite) register themselves here. */
export {};
