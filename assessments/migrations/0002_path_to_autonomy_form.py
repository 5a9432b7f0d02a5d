from django.db import migrations


def create_form(apps, schema_editor):
    from assessments.reference_data import ensure_autonomy_tool

    ensure_autonomy_tool(
        Tool=apps.get_model("assessments", "AssessmentTool"),
        Domain=apps.get_model("assessments", "AssessmentDomain"),
        Level=apps.get_model("assessments", "AssessmentLevel"),
        Unit=apps.get_model("maksora", "Unit"),
    )


class Migration(migrations.Migration):
    dependencies = [("assessments", "0001_assessment_forms_and_scores")]

    # Going back leaves the form in place: the previous migration's reversal drops its tables.
    operations = [migrations.RunPython(create_form, migrations.RunPython.noop)]
