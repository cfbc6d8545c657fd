"""`passeurs token create EMAIL [--name NAME]` and `passeurs token revoke PREFIX`."""

from django.core.management.base import BaseCommand, CommandError

from passeurs.accounts import selectors, services


class Command(BaseCommand):
    help = "Crée ou révoque un jeton d’accès personnel."

    def add_arguments(self, parser):
        subcommands = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        create = subcommands.add_parser(
            "create",
            help="Crée un jeton et l’affiche seul sur la dernière ligne.",
        )
        create.add_argument("email", help="Adresse électronique du compte.")
        create.add_argument("--name", default="ligne de commande", help="Nom du jeton.")
        revoke = subcommands.add_parser("revoke", help="Révoque le jeton qui commence ainsi.")
        revoke.add_argument("prefix", help="Début du jeton, tel qu’affiché dans le profil.")

    def handle(self, *args, action, **options):
        if action == "create":
            self._create(email=options["email"], name=options["name"])
        else:
            self._revoke(prefix=options["prefix"])

    def _create(self, *, email, name):
        user = selectors.user_get_by_email(email=email)
        if user is None:
            raise CommandError(f"Aucun compte n’existe avec l’adresse « {email} ».")
        if not user.is_active:
            raise CommandError(f"Le compte « {user.email} » est désactivé.")
        token, raw_token = services.token_create(user=user, name=name)
        self.stdout.write(
            f"Jeton « {token.name} » créé pour {user.email}. "
            "Copiez-le maintenant : il ne sera plus affiché."
        )
        # Alone on the last line, for `TOKEN=$(passeurs token create … | tail -1)`.
        self.stdout.write(raw_token)

    def _revoke(self, *, prefix):
        prefix = prefix.rstrip("…")
        if len(prefix) < len(services.TOKEN_PREFIX) + 4:
            raise CommandError("Donnez au moins les huit premiers caractères du jeton.")
        tokens = list(selectors.token_list_by_prefix(prefix=prefix[:12]))
        if not tokens:
            raise CommandError(f"Aucun jeton ne commence par « {prefix} ».")
        if len(tokens) > 1:
            raise CommandError(f"Plusieurs jetons commencent par « {prefix} » : précisez.")
        token = tokens[0]
        if token.revoked_at is not None:
            self.stdout.write(
                f"Le jeton « {token.name} » de {token.user.email} était déjà révoqué."
            )
            return
        services.token_revoke(user=token.user, token=token)
        self.stdout.write(f"Jeton « {token.name} » de {token.user.email} révoqué.")
