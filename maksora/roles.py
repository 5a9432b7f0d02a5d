"""Roles are Django groups; their names are fixed because code and migrations refer to them."""

from django.utils.translation import gettext_lazy as _

SOCIAL_WORKER = "social_worker"
COORDINATOR = "coordinator"
MANAGER = "manager"
SPONSORSHIP_OFFICER = "sponsorship_officer"
ADMIN = "admin"

ROLE_LABELS = {
    SOCIAL_WORKER: _("Social worker"),
    COORDINATOR: _("Coordinator"),
    MANAGER: _("Manager"),
    SPONSORSHIP_OFFICER: _("Sponsorship officer"),
    ADMIN: _("Administrator"),
}
ALL_ROLES = tuple(ROLE_LABELS)
# Roles that work in the Django admin (is_staff is kept in step by the roles service).
ADMIN_SITE_ROLES = (COORDINATOR, MANAGER, SPONSORSHIP_OFFICER, ADMIN)

# Model permissions per role, used by the Django admin. Which *records* a user reaches is
# decided separately by maksora.access (units); these only say which *kinds* of record.
_CASE_MODELS = ("person", "relationship", "case", "casemember", "note", "goal", "goalupdate", "task",
                "consent", "attachment", "caseactivity", "approval")  # fmt: skip
_SHELTER_MODELS = ("stay", "house", "room", "bed", "bedoutofservice")
_ACCESS_LOG_MODELS = ("accessrecord", "accessalert")
_SPONSORSHIP_MODELS = ("sponsoredchild", "sponsor", "sponsorship", "contribution", "correspondence", "checklisttick")

ROLE_PERMISSIONS: dict[str, list[tuple[str, tuple[str, ...], tuple[str, ...]]]] = {
    SOCIAL_WORKER: [],
    COORDINATOR: [
        ("cases", ("view", "add", "change"), _CASE_MODELS),
        ("cases", ("view",), ("mergerecord", "consenttext")),
        ("shelters", ("view", "add", "change"), ("stay", "bedoutofservice")),
        ("shelters", ("view",), ("house", "room", "bed")),
        ("sponsorship", ("view",), ("sponsoredchild",)),
        ("cases", ("view",), ("duplicatecandidate",)),
        ("datachecks", ("view",), ("dataproblem",)),
        ("assessments", ("view",), ("assessment", "assessmentscore")),
        ("privacy", ("view", "add", "change"), ("legalhold",)),
        ("privacy", ("view",), ("destructionact", "retentionpolicy")),
    ],
    MANAGER: [
        ("cases", ("view",), _CASE_MODELS),
        ("cases", ("view",), ("duplicatecandidate", "consenttext")),
        ("shelters", ("view",), _SHELTER_MODELS),
        ("sponsorship", ("view",), _SPONSORSHIP_MODELS),
        ("sponsorship", ("view",), ("checklistitemtype",)),
        ("maksora", ("view",), _ACCESS_LOG_MODELS),
        ("privacy", ("view",), ("destructionact", "legalhold", "retentionpolicy")),
    ],
    SPONSORSHIP_OFFICER: [
        ("cases", ("view",), ("person", "case")),
        ("sponsorship", ("view", "add", "change"), _SPONSORSHIP_MODELS),
        ("sponsorship", ("view", "add", "change"), ("checklistitemtype",)),
    ],
    ADMIN: [
        ("auth", ("view", "add", "change"), ("user",)),
        ("auth", ("view",), ("group",)),
        ("maksora", ("view", "add", "change"), ("unit",)),
        ("cases", ("view", "add", "change"), ("documenttype",)),
        # The wording of consents (152-FZ): new versions are added, signed ones kept.
        ("cases", ("view", "add", "change"), ("consenttext",)),
        ("assessments", ("view", "add", "change"), ("assessmenttool", "assessmentdomain", "assessmentlevel")),
        ("shelters", ("view", "add", "change"), ("house", "room", "bed", "bedoutofservice")),
        ("maksora", ("view",), _ACCESS_LOG_MODELS),
        # Sign-in lockouts: seen, and cleared by deleting the attempt.
        ("axes", ("view", "delete"), ("accessattempt",)),
        ("axes", ("view",), ("accesslog", "accessfailurelog")),
        ("privacy", ("view", "change"), ("retentionpolicy",)),
    ],
}

# Permissions that are not "<action>_<model>": the registry stewards' queue (cases.DuplicateCandidate).
# Which coordinators actually steward is decided by maksora.access (those spanning several units).
ROLE_EXTRA_PERMISSIONS: dict[str, list[tuple[str, str]]] = {
    COORDINATOR: [("cases", "steward_registry")],
    MANAGER: [("cases", "steward_registry")],
}


def sync_role_groups(apps=None) -> None:
    """Create the role groups and give them exactly the permissions above (idempotent)."""
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions

    historical = apps is not None
    apps = apps or global_apps
    for app_config in apps.get_app_configs():
        if historical:  # migration state apps have no models module; permissions need one
            app_config.models_module = True
        if app_config.models_module:
            create_permissions(app_config, verbosity=0, apps=apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, grants in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role)
        wanted = []
        for app_label, actions, model_names in grants:
            codenames = [f"{action}_{model}" for action in actions for model in model_names]
            wanted += Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
        for app_label, codename in ROLE_EXTRA_PERMISSIONS.get(role, []):
            wanted += Permission.objects.filter(content_type__app_label=app_label, codename=codename)
        group.permissions.set(wanted)
