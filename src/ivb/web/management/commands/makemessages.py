"""Django's makemessages, also collecting texts marked with N_ (defined in ivb.domain.i18n)."""

from django.core.management.commands.makemessages import Command as MakeMessages


class Command(MakeMessages):
    xgettext_options = [*MakeMessages.xgettext_options, "--keyword=N_"]
