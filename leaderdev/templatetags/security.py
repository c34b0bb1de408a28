"""Template filters for the Content-Security-Policy (see CONTENT_SECURITY_POLICY in settings.py)."""

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# pygal writes one <style> element per chart and a style="opacity: 0" on its (unused, script-less)
# tooltip group; the policy allows neither without a nonce.
_STYLE_TAG = re.compile(r"<style(?=[\s>])")
_TOOLTIP_STYLE = re.compile(r' style="opacity: 0"')


@register.filter
def csp_nonce(svg, request):
    """``{{ figure.svg|csp_nonce:request }}``: a server-drawn chart, its <style> given the nonce.

    Only for markup the server drew itself (competencies.charts._render): it is what makes that one
    <style> element allowed, so it must never be applied to text that came from a person.
    """
    if not svg or not isinstance(svg, SafeString):
        return svg
    nonce = getattr(request, "csp_nonce", None)
    if nonce is None:
        return svg
    marked = _STYLE_TAG.sub(f'<style nonce="{escape(str(nonce))}"', str(svg))
    return mark_safe(_TOOLTIP_STYLE.sub("", marked))  # noqa: S308 - the chart markup was already safe
