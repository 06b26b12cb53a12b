"""Startups: organisation profiles, their members and invitations."""
