from ninja import NinjaAPI

api = NinjaAPI(
    title="Passeurs API",
    version="1",
    description="API publique de Passeurs : structures, projets, territoires.",
    urls_namespace="api",
)
