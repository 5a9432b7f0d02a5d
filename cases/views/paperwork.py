"""Papers that expire: the list of her people's papers that have run out or soon will."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from cases.paperwork import EXPIRY_WARNING_DAYS, papers_expiring
from maksora.pages import SCOPE_MINE, paginate, query_string_without_page, scope_asked


@login_required
def papers_expiring_list(request):
    scope = scope_asked(request)
    today = timezone.localdate()
    papers = papers_expiring(request.user, today=today, mine_only=scope == SCOPE_MINE)
    page = paginate(request, papers)
    return render(
        request,
        "cases/papers_expiring.html",
        {
            "page_obj": page,
            "today": today,
            "scope": scope,
            "within_days": EXPIRY_WARNING_DAYS,
            "query_string": query_string_without_page(request),
        },
    )
