from django.core.management import call_command

from sponsorship.models import Contribution, Correspondence, Sponsor, SponsoredChild, Sponsorship


def test_seed_demo_fills_the_program_once(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", people=40, stdout=open("/dev/null", "w"))
    counts = [m.objects.count() for m in (SponsoredChild, Sponsor, Sponsorship, Contribution, Correspondence)]
    assert counts[0] == 30 and counts[1] == 20 and counts[2] >= 24
    assert Correspondence.objects.filter(sent_on__isnull=False).exists()
    assert Correspondence.objects.filter(sent_on__isnull=True).exists()
    call_command("seed_demo", people=40, stdout=open("/dev/null", "w"))
    assert [m.objects.count() for m in (SponsoredChild, Sponsor, Sponsorship, Contribution, Correspondence)] == counts
