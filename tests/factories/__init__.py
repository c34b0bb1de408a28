"""factory-boy factories, one per model, with sensible defaults."""

from .district import (
    NetworkFactory,
    PersonFactory,
    SchoolFactory,
    SchoolYearFactory,
    UserFactory,
)

__all__ = ["NetworkFactory", "PersonFactory", "SchoolFactory", "SchoolYearFactory", "UserFactory"]
