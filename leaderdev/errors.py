"""Errors shared by every app's services."""


class DomainError(Exception):
    """A workflow was asked to do something the office's rules forbid; the message says why, for people."""
