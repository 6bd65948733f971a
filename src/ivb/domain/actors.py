"""Who did something, as a reader reads it."""

from ivb.domain.i18n import _

COMMAND_LINE = "ivb-cli"  # the actor name of a command run at the server, with the operating-system account


def actor_words(name: object) -> str:
    """A command's "ivb-cli (beheer)" is "de opdrachtregel (beheer)"; a person's name stays as it is."""
    text = str(name or "")
    if text == COMMAND_LINE or text.startswith(COMMAND_LINE + " ("):
        return _("de opdrachtregel") + text.removeprefix(COMMAND_LINE)
    return text


def maker_words(name: object) -> str:
    """Who recorded a figure, as its provenance reads to a council member: a command run at the server is "de
    beheerder van IVB", who runs it, without the server's account ("de opdrachtregel (root)" meant nothing to them:
    walk AM; "de opdrachtregel" was jargon too: walk BE)."""
    text = str(name or "")
    if text == COMMAND_LINE or text.startswith(COMMAND_LINE + " ("):
        return _("de beheerder van IVB")
    return text
