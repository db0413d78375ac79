"""Reminders: the due-item index, the daily digest (SES email) and group-robot chat channels."""
