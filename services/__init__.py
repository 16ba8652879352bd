"""Use cases, each one transaction: callbacks, the API and the CLI all call these."""
