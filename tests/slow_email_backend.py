"""An e-mail backend for worker tests: Django's file backend, one file per message, a little slow so a test
can kill the worker in the middle of a batch (EMAIL_SEND_DELAY seconds per message)."""

import os
import time

from django.core.mail.backends.filebased import EmailBackend as FileBackend


class EmailBackend(FileBackend):
    def send_messages(self, email_messages):
        time.sleep(float(os.environ.get("EMAIL_SEND_DELAY", "0")))
        return super().send_messages(email_messages)
