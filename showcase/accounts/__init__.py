"""Accounts: users, sign-up, log-in, e-mail verification, password reset, roles."""
