from django import template

register = template.Library()


@register.filter
def year_in_role(person, school_year):
    """{{ person|year_in_role:school_year }}: 1, 2, ... or None (see Person.year_in_role)."""
    if school_year is None:
        return None
    return person.year_in_role(school_year)
