"""Admin pages for records that only the site's pages write, and the dry run of configuration rows.

Case content (notes, goals, tasks, consents, members, stays) and the sponsorship
programme's records are written through the services, which apply the rules and write
the timeline. Their admin pages list and show them (scoped as every admin page) and link
to the site page that edits them, so the admin is never a second way in that skips a rule.

Configuration rows (houses, rooms, beds, beds out of service) stay editable here; the
database has the last word on them, and `DatabaseCheckedForm` turns its refusal into an
error on the form instead of a server error.
"""

from django import forms
from django.contrib import admin
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from maksora.admin import ReadOnlyModelAdmin
from maksora.constraints import violated_constraint


class EditedOnSiteAdmin(ReadOnlyModelAdmin):
    """Listed and shown here, added and changed on the site (`site_url_of` names the page)."""

    site_url_name: str = ""
    # The attribute path from the record to the pk the site URL takes, e.g. "case_id".
    site_url_arg: str = "pk"

    def site_url_of(self, obj) -> str | None:
        if obj is None or not self.site_url_name:
            return None
        value = obj
        for part in self.site_url_arg.split("__"):
            value = getattr(value, part)
        return reverse(self.site_url_name, args=[value])

    def view_on_site(self, obj):
        return self.site_url_of(obj)

    def get_readonly_fields(self, request, obj=None):
        return ("site_page", *super().get_readonly_fields(request, obj))

    @admin.display(description=_("edited on the site"))
    def site_page(self, obj):
        url = self.site_url_of(obj)
        if not url:
            return "—"
        return format_html('<a href="{}">{}</a>', url, _("Open the page where this is edited"))


class DatabaseCheckedForm(forms.ModelForm):
    """A model form that, once valid, tries the write in a savepoint rolled back at once.

    Triggers (a bed out of service while someone sleeps in it) are rules model validation
    cannot see; trying the write lets the database say no while the form can still show it.
    `refusal_message(error)` words the refusal; by default it names the broken rule.
    """

    def _post_clean(self):
        super()._post_clean()
        if self.errors:
            return
        adding = self.instance._state.adding
        try:
            with transaction.atomic():
                self.instance.save()
                raise _DryRun
        except _DryRun:
            pass
        except IntegrityError as error:
            self.add_error(None, self.refusal_message(error))
        finally:
            if adding:  # the real save inserts it again
                self.instance.pk = None
                self.instance._state.adding = True

    def refusal_message(self, error: IntegrityError) -> str:
        return _("The database refused this change (rule %(rule)s).") % {"rule": violated_constraint(error) or "?"}


class _DryRun(Exception):
    """Leaves the savepoint of a trial write, undoing it."""
