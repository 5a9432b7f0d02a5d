"""Sign-in protection: lockout after failed logins, a second factor, session limits.

- lockout.py: what a locked-out login sees, and the security log line it writes;
- middleware.py: idle and absolute session limits; the second-factor gate;
- sessions.py, models.py: database sessions that know their user (deactivation ends them);
- services.py, views.py: enrolling, verifying and resetting a second factor.
"""
