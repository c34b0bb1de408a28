"""Notifications: every reminder and invitation LeaderDev e-mails, recorded once.

models.py    Notification (one row per recipient, subject, kind and due date: the key that makes a
             reminder go out at most once), NotificationPreference, OutboxTask.
kinds.py     the registry of kinds: each app's reminders.py registers what it sends and finds what is due.
services.py  plan() fans out what is due into Notification rows; deliver() sends one; resend().
outbox.py    enqueue(): tasks go to the broker after the transaction commits, and wait in the database
             when the broker is down.
ics.py       the calendar invitation attached to session e-mails.
"""
