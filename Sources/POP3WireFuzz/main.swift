// Replaced by the fuzz entry point.
