from django.db import migrations, models

# The tracker's tabs (pending by due day, sent by day sent, newest first) read their first
# page off these partial indexes in order, instead of sorting every letter ever written.


class Migration(migrations.Migration):
    dependencies = [("sponsorship", "0010_trigram_indexes_without_pending_list")]

    operations = [
        migrations.AddIndex(
            model_name="correspondence",
            index=models.Index(
                condition=models.Q(("sent_on__isnull", True)), fields=["due_on", "id"], name="correspondence_pending"
            ),
        ),
        migrations.AddIndex(
            model_name="correspondence",
            index=models.Index(
                condition=models.Q(("sent_on__isnull", False)), fields=["sent_on", "id"], name="correspondence_sent"
            ),
        ),
    ]
