"""Outgoing e-mail: an outbox table, senders (console, SMTP) and a retrying delivery loop."""
