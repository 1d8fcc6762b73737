"""Each exchange format's vocabulary, in one place that its reader and its writer both import."""
