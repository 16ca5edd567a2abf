"""The service's code: one module per function in `handlers`, shared code in `lib`."""
