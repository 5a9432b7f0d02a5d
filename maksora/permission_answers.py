"""Django's model-permission answers, asked once per request.

An admin page asks `user.has_perm` and `user.has_module_perms` some seventy times (the
sidebar's app list: each model's module, view, change, add and delete permissions), and
each answer goes through every authentication backend — for a module, through the user's
whole permission set. The answers for a user without an object are remembered on the user
instance, which lives one request, as Django's own permission cache (`_perm_cache`) does.
They are forgotten whenever that cache is (`del user._perm_cache`, the documented refresh) or
the user's active or superuser flag changes; object-level checks are always asked anew.
"""

import functools

_ANSWERS = "_maksora_permission_answers"


def _answers(user) -> dict:
    cache, flags = user.__dict__.get("_perm_cache"), (user.is_active, user.is_superuser)
    memo = user.__dict__.get(_ANSWERS)
    if memo is None or memo[0] is not cache or memo[1] != flags:
        memo = user.__dict__[_ANSWERS] = (cache, flags, {})
    return memo[2]


def _answered_once(check):
    @functools.wraps(check)
    def answer(user, subject, obj=None):
        if obj is not None:
            return check(user, subject, obj)
        key = (check.__name__, subject)
        answers = _answers(user)
        if key in answers:
            return answers[key]
        result = check(user, subject)
        # Looked up again: the first check is the one that fills Django's cache.
        _answers(user)[key] = result
        return result

    return answer


def remember_permission_answers(user_model) -> None:
    """Give `user_model`'s has_perm and has_module_perms the per-request memory."""
    user_model.has_perm = _answered_once(user_model.has_perm)
    user_model.has_module_perms = _answered_once(user_model.has_module_perms)
