"""miclaro-tui: a telecom customer's self-service portal in the terminal."""

__version__ = "0.1.0"
