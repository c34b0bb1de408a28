"""Form widgets the project shares."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join


class LongSelect(forms.Select):
    """A <select> for long lists (a district's 1,500 schools), written in Python rather than through
    Django's templates: one template render per option made most of a roster page's time (two school
    filters, 3,000 options: 0.52 of 0.70 s, profiled on the large demo).

    The HTML is Select's, less per-option attributes, which a field's plain choices never have.
    """

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        groups = []
        for group_name, options, _index in widget["optgroups"]:
            html = format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                (
                    (option["value"], " selected" if option["selected"] else "", option["label"])
                    for option in options
                ),
            )
            groups.append(
                format_html('<optgroup label="{}">{}</optgroup>', group_name, html) if group_name else html
            )
        # flatatt escapes the attributes (and writes True ones as bare names: required, disabled).
        options = format_html_join("", "{}", ((group,) for group in groups))
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(widget["attrs"]), options)
