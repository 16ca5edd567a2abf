"""Code the handlers share: logging, configuration, errors, the item logic and AWS clients."""
