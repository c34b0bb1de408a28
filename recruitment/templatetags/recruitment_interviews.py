"""The application page's interviews and reference checks, loaded by its include point
(templates/recruitment/pipeline/partials/application_extra.html) so the pipeline's view need not know them."""

from django import template

from ..queries.interviews import application_extra

register = template.Library()


@register.simple_tag
def interviews_and_references(user, application):
    """{% interviews_and_references user application as extra %}: the summaries and references `user`
    may see (queries.interviews.application_extra), in a fixed number of queries."""
    return application_extra(user, application)
