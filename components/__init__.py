"""Page layouts: one module per page (`layout(**kwargs)`) plus small widgets; no callbacks, no writes."""
