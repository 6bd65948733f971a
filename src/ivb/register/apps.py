from django.apps import AppConfig


class RegisterConfig(AppConfig):
    name = "ivb.register"
    label = "register"
    verbose_name = "Register ondermijning"

    def ready(self):
        # The store and accounts sit below the register and never import it (docs/decisions/0030): the register
        # hands the safety picture its live counts, ends its access with a role, and writes every change of
        # rights that accounts announce into its audit trail.
        from ivb.accounts import signals
        from ivb.register import counts, rights
        from ivb.store.live_series import add_live_series

        add_live_series(counts.published_series, counts.stamps())
        signals.rights_changed.connect(rights.record_rights_change)
        signals.role_ending.connect(rights.end_register_access)
        signals.password_resetting.connect(rights.refuse_reset_with_register_access)
