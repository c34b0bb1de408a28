"""Portal sections: applying to the fellowship, recommendation requests."""
