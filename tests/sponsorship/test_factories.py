from sponsorship.models import Sponsorship
from tests.sponsorship.factories import ContributionFactory, CorrespondenceFactory


def test_factories_build_a_sponsored_child_with_a_distance_case_and_its_records(db):
    letter = CorrespondenceFactory()
    contribution = ContributionFactory(sponsorship=letter.sponsorship)
    child = contribution.sponsorship.child
    assert child.person.cases.filter(unit__code="distance").exists()
    assert Sponsorship.objects.in_force_on(letter.due_on).get() == letter.sponsorship
