"""Code the handlers share: logging, configuration, errors, input parsing, the item logic and AWS clients."""
